/**
 * The schemas of what fleetcert writes (docs/schemas/certification-result, load-result and
 * trace) hold for real outputs: a device certified over WebSocket with a fault (so a failed rule
 * with its counterexample and trace file), its sealed result.json, the shipped result fixtures
 * (device and hub), and a short load run against an embedded broker. Each schema also rejects
 * an output with one member broken, so an accepting schema is not a vacuous one.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceFile } from '../../conformance/trace/trace-file.js';
import { writeCertificationReports } from '../../reports/index.js';
import { certifySimulator } from '../../test/support/certify-simulator.js';
import { runInProcess } from '../../test/support/in-process-cli.js';
import { type RunningMosquitto, startMosquitto } from '../../test/support/mosquitto.js';
import { readResultFixture } from '../../test/support/reports/fixtures.js';
import { schemaValidator } from '../../test/support/src/schemas/schema-validator.js';
import type { CertificationResult } from '../result/certification-result.js';

// biome-ignore lint/suspicious/noExplicitAny: planting a mistake writes what the types forbid
type Doc = Record<string, any>;

const resultSchema = schemaValidator('result');
const loadResultSchema = schemaValidator('loadResult');
const traceSchema = schemaValidator('trace');

let dir: string;
let certified: CertificationResult;
let sealed: unknown;
const traces: TraceFile[] = [];
let loadResult: Record<string, unknown>;
let mosquitto: RunningMosquitto | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-output-schemas-'));
  certified = await certifySimulator({
    type: 'tv',
    mode: 'ws',
    seed: 21,
    faults: [{ name: 'stale-notification', rate: 1 }],
    config: { runs: 10, shrinkTimeLimitMs: 2000, onTrace: (trace) => traces.push(trace) },
  });
  const written = await writeCertificationReports(certified, { outDir: join(dir, 'certify') });
  sealed = JSON.parse(await readFile(written.jsonPath, 'utf8'));
  mosquitto = await startMosquitto();
  const load = await runInProcess(
    'load',
    'fixtures/scenarios/smoke.yaml',
    '--broker',
    mosquitto.url,
    '--duration',
    '2s',
    '--set',
    'fleet.0.count=5',
    '--out',
    join(dir, 'load'),
    '--log-level',
    'silent',
  );
  expect(load.code, load.stderr).toBeLessThan(2);
  loadResult = JSON.parse(await readFile(join(dir, 'load', 'load-result.json'), 'utf8'));
}, 300_000);

afterAll(async () => {
  await mosquitto?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('docs/schemas/certification-result.schema.json', () => {
  it('accepts a real device result with a failed rule, before and after sealing', () => {
    expect(certified.requirements.some((r) => r.verdict === 'failed')).toBe(true);
    expect(resultSchema(JSON.parse(JSON.stringify(certified)))).toEqual({ valid: true, errors: [] });
    expect(resultSchema(sealed)).toEqual({ valid: true, errors: [] });
  });

  it.each(['passing', 'failing', 'hub-failing'] as const)(
    'accepts the shipped result fixture %s',
    async (name) => {
      expect(resultSchema(await readResultFixture(name))).toEqual({ valid: true, errors: [] });
    },
  );

  it.each([
    ['an unknown verdict', (r: Doc) => (r.verdict = 'maybe')],
    [
      'a failed rule without its replay',
      (r: Doc) => delete r.requirements.find((q: Doc) => q.verdict === 'failed').replay,
    ],
    ['counts as text', (r: Doc) => (r.counts.failed = '1')],
    ['a subject of another kind', (r: Doc) => (r.subject.kind = 'cloud')],
  ])('rejects a result with %s', (_name, plant) => {
    const copy = structuredClone(sealed) as Doc;
    plant(copy);
    expect(resultSchema(copy).valid).toBe(false);
  });
});

describe('docs/schemas/trace.schema.json', () => {
  it('accepts every trace file the real run wrote', () => {
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces)
      expect(traceSchema(JSON.parse(JSON.stringify(trace)))).toEqual({ valid: true, errors: [] });
  });
});

describe('docs/schemas/load-result.schema.json', () => {
  it('accepts the load-result.json of a real load run', () => {
    expect(loadResultSchema(loadResult)).toEqual({ valid: true, errors: [] });
  });

  it.each([
    ['an unknown verdict', (r: Doc) => (r.verdict = 'ok')],
    ['a threshold without holds', (r: Doc) => delete r.thresholds[0].holds],
    ['a histogram in another unit', (r: Doc) => (r.histograms.rpc.unit = 'ms')],
  ])('rejects a load result with %s', (_name, plant) => {
    const copy = structuredClone(loadResult) as Doc;
    plant(copy);
    expect(loadResultSchema(copy).valid).toBe(false);
  });
});
