/**
 * The load scenario schema (docs/schemas/load-scenario.schema.json) keeps to the scenario
 * reader: every shipped and every generated valid scenario is accepted by both; structural
 * mistakes are rejected by both; mistakes that relate one part of a scenario to another are
 * the reader's alone, and the schema accepts them.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { publishedSchemaPath } from '../../src/schemas/published-schemas.js';
import { scenarioDocument } from '../../test/support/load/scenario/scenario-document.arbitrary.js';
import { schemaValidator } from '../../test/support/src/schemas/schema-validator.js';
import { validateScenario } from './validate.js';

const check = schemaValidator('scenario');
const SHIPPED = ['smoke', 'soak-10k', 'connect-storm', 'hub-smoke'].map(
  (n) => `fixtures/scenarios/${n}.yaml`,
);

// biome-ignore lint/suspicious/noExplicitAny: planting mistakes writes what the types forbid
type Doc = Record<string, any>;
type Plant = (d: Doc) => unknown;
const set = (d: Doc, patch: Doc) => Object.assign(d, patch);

const STRUCTURAL: ReadonlyArray<[string, Plant]> = [
  ['unknown key', (d) => set(d, { brokr: {} })],
  ['fleet count 0', (d) => set(d.fleet[0], { count: 0 })],
  ['fleet type in capitals', (d) => set(d.fleet[0], { type: 'Bulb' })],
  ['stage mixing rampUp and hold', (d) => d.stages.push({ rampUp: '5/s', hold: '1s' })],
  ['stage of nothing', (d) => d.stages.push({})],
  ['duration that is not one', (d) => set(d, { settle: 'soon' })],
  ['rate that is not one', (d) => set(d, { requests: { rate: 'fast' } })],
  ['broker URL of another scheme', (d) => set(d, { broker: { url: 'http://x' } })],
  ['CA file on a plain URL', (d) => set(d, { broker: { url: 'mqtt://h:1883', ca: 'ca.pem' } })],
  [
    'client certificate on a plain URL',
    (d) => set(d, { broker: { url: 'mqtt://h:1883', cert: 'c.crt', key: 'c.key' } }),
  ],
  ['client certificate without its key', (d) => set(d, { broker: { url: 'mqtts://h:8883', cert: 'c.crt' } })],
  [
    'controller certificate with {deviceId}',
    (d) =>
      set(d, { broker: { url: 'mqtts://h:8883', controllerCert: '{deviceId}.crt', controllerKey: 'k.key' } }),
  ],
  ['zero controllers', (d) => set(d, { requests: { controllers: 0 } })],
  ['deadline below 2 s in ms', (d) => set(d, { deadline: 1000 })],
  ['thresholds not a list', (d) => set(d, { thresholds: 'rpc.p99<250ms' })],
  ['threshold without an operator', (d) => set(d, { thresholds: ['rpc.p99'] })],
  ['idPrefix in capitals', (d) => set(d, { idPrefix: 'A-' })],
  ['empty fleet', (d) => set(d, { fleet: [] })],
  ['empty description', (d) => set(d, { description: '' })],
  ['negative mix weight', (d) => set(d, { requests: { mix: { get: -1, set: 2 } } })],
  ['MQTT version 3', (d) => set(d, { mqtt: { version: 3 } })],
  ['QoS 2', (d) => set(d, { mqtt: { qos: { telemetry: 2 } } })],
  ['unknown message class', (d) => set(d, { mqtt: { qos: { events: 1 } } })],
];
const SEMANTIC: ReadonlyArray<[string, Plant]> = [
  ['fleet type repeated', (d) => d.fleet.push({ ...d.fleet[0] })],
  ['ramp up beyond the fleet', (d) => d.stages.push({ rampUp: '5/s', to: 10_000_000 })],
  ['ramp down that goes up', (d) => d.stages.push({ rampDown: '5/s', to: 0 }, { rampDown: '5/s', to: 1 })],
  ['mix all zero', (d) => set(d, { requests: { mix: { get: 0, set: 0, action: 0 } } })],
  ['threshold on an unknown metric', (d) => set(d, { thresholds: ['latency.p99<1s'] })],
  ['deadline below 2 s as text', (d) => set(d, { deadline: '1s' })],
  ['ramp at zero per second', (d) => d.stages.push({ rampUp: '0/s' })],
  ['broker URL with a password', (d) => set(d, { broker: { url: 'mqtt://u:p@h:1883' } })],
];

describe('docs/schemas/load-scenario.schema.json', () => {
  it.each(SHIPPED)('%s names the published schema by a path that resolves, and is accepted', (file) => {
    const doc = parse(readFileSync(file, 'utf8'));
    expect(resolve(dirname(file), doc.$schema)).toBe(publishedSchemaPath('scenario'));
    expect(validateScenario(doc).ok).toBe(true);
    expect(check(doc)).toEqual({ valid: true, errors: [] });
  });

  it('accepts every generated valid scenario, as the reader does', () => {
    fc.assert(
      fc.property(scenarioDocument(), (doc) => {
        const read = validateScenario(doc);
        expect(read.ok ? [] : read.problems).toEqual([]);
        expect(check(doc).errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it.each(STRUCTURAL)('rejects a structural mistake: %s', (_, plant) => {
    fc.assert(
      fc.property(scenarioDocument(), (doc) => {
        const copy = structuredClone(doc);
        plant(copy);
        expect(validateScenario(copy).ok).toBe(false);
        expect(check(copy).valid).toBe(false);
      }),
      { numRuns: 20 },
    );
  });

  it.each(SEMANTIC)('leaves a mistake between parts to the reader: %s', (_, plant) => {
    fc.assert(
      fc.property(scenarioDocument(), (doc) => {
        const copy = structuredClone(doc);
        plant(copy);
        expect(validateScenario(copy).ok).toBe(false);
        expect(check(copy).errors).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});
