/**
 * Acceptance: four shard processes started exactly as a Kubernetes Indexed Job starts its
 * pods (same arguments, `JOB_COMPLETION_INDEX` 0..3, result printed between markers on
 * stdout), merged straight from their concatenated logs, equal one run's totals.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../load/index.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { runCli } from './cli.js';
import { writeScenario } from './scenario.js';

const SHARDS = 4;
let mosquitto: RunningMosquitto;

beforeAll(async () => {
  mosquitto = await startMosquitto();
});
afterAll(async () => {
  await mosquitto?.stop();
});

const readResult = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'load-result.json'), 'utf8')) as LoadResult;

describe('sharded load', () => {
  it('the merge of 4 shards (from their pod logs) equals a single run', async () => {
    const changes = { stages: [{ rampUp: '100/s' }, { hold: '4s' }, { rampDown: '200/s' }], settle: '1s' };
    const shardScenario = await writeScenario({ ...changes, idPrefix: 'shard-' });
    const singleScenario = await writeScenario({ ...changes, idPrefix: 'single-' });
    const work = await mkdtemp(join(tmpdir(), 'fleetcert-shards-'));
    const args = (out: string) => [
      'load',
      shardScenario,
      '--broker',
      mosquitto.url,
      '--shards',
      String(SHARDS),
      '--result-to-stdout',
      '--out',
      out,
    ];
    // Every shard and the single run at once: ids differ (prefix), so they do not meet.
    const [single, ...shards] = await Promise.all([
      runCli(['load', singleScenario, '--broker', mosquitto.url, '--out', join(work, 'single')]),
      ...[...Array(SHARDS).keys()].map((i) =>
        runCli(args(join(work, `shard-${i}`)), { JOB_COMPLETION_INDEX: String(i) }),
      ),
    ]);
    for (const shard of shards) {
      expect(shard.stderr).not.toContain('fleetcert:');
      expect(shard.code).toBe(0);
    }
    expect(single?.code).toBe(0);
    // `kubectl logs -l job-name=…` prints the pods' logs one after another: so does this file.
    const logs = join(work, 'pods.log');
    await writeFile(logs, shards.map((s) => s.stdout).join(''));
    const merge = await runCli(['load', 'merge', logs, '--out', join(work, 'merged')]);
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(0);

    const merged = await readResult(join(work, 'merged'));
    const whole = await readResult(join(work, 'single'));
    const parts = await Promise.all(
      [...Array(SHARDS).keys()].map((i) => readResult(join(work, `shard-${i}`))),
    );
    expect(merged.shards).toEqual({ count: 4, included: [0, 1, 2, 3] });
    expect(parts.map((p) => p.devices.planned)).toEqual([10, 10, 10, 10]);
    expect(merged.devices).toEqual(whole.devices);
    expect(merged.counters).toEqual(whole.counters);
    expect(merged.counters.rpc.sent).toBeGreaterThan(100);
    expect(merged.counters.rpc.answered).toBe(merged.counters.rpc.sent);
    expect(merged.counters.connect.count).toBe(40);
    // Every shard sent its own slice: none is empty, together they are the whole.
    for (const part of parts) expect(part.counters.rpc.sent).toBeGreaterThan(0);
    const perInterval = (r: LoadResult) => r.series.map((p) => [p.startMs, p.rpcSent, p.notifyPublished]);
    expect(perInterval(merged)).toEqual(perInterval(whole));
    expect(merged.histograms.rpc.count).toBe(whole.histograms.rpc.count);
    expect(merged.verdict).toBe('passed');
  }, 60_000);
});
