import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, resolveScenario, ScenarioError } from './load.js';
import { validateScenario } from './validate.js';

const minimal = {
  broker: { url: 'mqtt://127.0.0.1:1883' },
  fleet: [{ type: 'bulb', count: 10 }],
  stages: [{ rampUp: '10/s' }, { hold: '5s' }],
};

describe('validateScenario', () => {
  it.each(['smoke', 'soak-10k', 'connect-storm'])('accepts the shipped scenario %s', async (name) => {
    const scenario = await loadScenarioFile(`fixtures/scenarios/${name}.yaml`);
    expect(scenario.name).toBe(name);
    expect(scenario.fleet.length).toBeGreaterThan(0);
  });

  it('fills defaults for a minimal scenario', () => {
    const result = validateScenario(minimal);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario).toMatchObject({
      seed: 1,
      deadlineMs: 2000,
      settleMs: 1000,
      intervalMs: 1000,
      telemetryPerDevicePerS: 0,
      requests: { ratePerS: 0, controllers: 1 },
      tokens: { devices: { kind: 'template', template: 'tok-{id}' } },
      broker: { scheme: 'mqtt', rejectUnauthorized: true },
    });
    expect(result.scenario.stages).toEqual([
      { kind: 'ramp-up', ratePerS: 10, to: { kind: 'share', share: 1 } },
      { kind: 'hold', durationMs: 5000 },
    ]);
    expect(Object.isFrozen(result.scenario.stages)).toBe(true);
  });

  it('lists every problem with its path and a fix', () => {
    const result = validateScenario({
      brokr: {},
      broker: { url: 'http://x', ca: 'ca.pem' },
      fleet: [
        { type: 'Bulb', count: 0 },
        { type: 'tv', count: 5, colour: 'red' },
      ],
      stages: [{ rampUp: 'fast' }, { hold: '10s', rampDown: '5/s' }, { rampDown: '5/s', to: 9 }],
      requests: { rate: '100/s', mix: { get: 0 }, controllers: 0 },
      deadline: '1s',
      thresholds: ['rpc.p99<250ms', 'rpc.p42x<3', 'latency.p99<1s'],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.brokr',
        '$.broker.url',
        '$.fleet[0].type',
        '$.fleet[0].count',
        '$.fleet[1].colour',
        '$.stages[0].rampUp',
        '$.stages[1]',
        '$.stages[2].to',
        '$.requests.mix',
        '$.requests.controllers',
        '$.deadline',
        '$.thresholds[1]',
        '$.thresholds[2]',
      ]),
    );
    for (const problem of result.problems) expect(problem.fix.length).toBeGreaterThan(5);
    const unknown = result.problems.find((p) => p.path === '$.brokr');
    expect(unknown?.fix).toContain('broker');
    const deadline = result.problems.find((p) => p.path === '$.deadline');
    expect(deadline?.problem).toContain('section 7');
  });

  it('refuses credentials in the broker URL, so no result, report or log line carries them', () => {
    for (const url of ['mqtt://user:s3cret@cloud.example:1883', 'wss://s3cret@cloud.example/mqtt']) {
      const result = validateScenario({ ...minimal, broker: { url } });
      expect(result.ok, url).toBe(false);
      if (result.ok) continue;
      const problem = result.problems.find((p) => p.path === '$.broker.url');
      expect(problem?.fix).toContain('tokens');
      // The message names the URL without its secret.
      expect(`${problem?.problem} ${problem?.fix}`).not.toContain('s3cret');
    }
  });

  it('refuses a ramp that runs the wrong way or past the fleet', () => {
    const result = validateScenario({
      ...minimal,
      stages: [
        { rampUp: '5/s', to: 20 },
        { rampUp: '5/s', to: 4 },
        { rampDown: '5/s', to: 8 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      '$.stages[0].to',
      '$.stages[1].to',
      '$.stages[2].to',
    ]);
  });

  it('reads token templates, fixed tokens and token files', () => {
    const tokens = (devices: unknown) => {
      const result = validateScenario({ ...minimal, tokens: { devices, controller: 'c' } });
      return result.ok ? result.scenario.tokens.devices : result.problems;
    };
    expect(tokens('t-{id}')).toEqual({ kind: 'template', template: 't-{id}' });
    expect(tokens('shared')).toEqual({ kind: 'fixed', token: 'shared' });
    expect(tokens({ file: 'tokens.json' })).toEqual({ kind: 'file', file: 'tokens.json' });
  });

  it('never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const result = validateScenario(json);
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
    );
    fc.assert(
      fc.property(
        fc.record({
          stages: fc.array(
            fc.dictionary(fc.constantFrom('rampUp', 'hold', 'rampDown', 'to', 'x'), fc.jsonValue()),
          ),
        }),
        (partial) => {
          validateScenario({ ...minimal, ...partial });
        },
      ),
    );
  });
});

describe('overrides', () => {
  it('types --set values by the schema and checks them like the file', () => {
    const scenario = resolveScenario(minimal, 'test', {
      set: [
        'requests.rate=500/s',
        'fleet.0.count=42',
        'seed=7',
        'broker.rejectUnauthorized=false',
        'telemetry.rate=2',
      ],
    });
    expect(scenario.requests.ratePerS).toBe(500);
    expect(scenario.fleet[0]?.count).toBe(42);
    expect(scenario.seed).toBe(7);
    expect(scenario.broker.rejectUnauthorized).toBe(false);
    expect(scenario.telemetryPerDevicePerS).toBe(2);
  });

  it('names an unknown --set key with the valid keys, and a badly typed value', () => {
    const attempt = () =>
      resolveScenario(minimal, 'test', { set: ['requests.rat=5', 'seed=abc', 'noequals'] });
    expect(attempt).toThrow(ScenarioError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ScenarioError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toContain('requests.rate');
      expect(problems[1]).toContain('expected a number');
      expect(problems[2]).toContain('key=value');
    }
  });

  it('--broker, --token and --duration replace the file', () => {
    const scenario = resolveScenario(
      { ...minimal, stages: [{ rampUp: '10/s' }, { hold: '10s' }, { rampDown: '10/s' }, { hold: '30s' }] },
      'test',
      { broker: 'mqtts://cloud.example:8883', token: 'T', duration: '8s', thresholds: ['rpc.lost==0'] },
    );
    expect(scenario.broker).toMatchObject({ url: 'mqtts://cloud.example:8883', scheme: 'mqtts' });
    expect(scenario.tokens).toEqual({ devices: { kind: 'fixed', token: 'T' }, controller: 'T' });
    expect(scenario.stages.filter((s) => s.kind === 'hold')).toEqual([
      { kind: 'hold', durationMs: 2000 },
      { kind: 'hold', durationMs: 6000 },
    ]);
    expect(scenario.thresholds).toEqual(['rpc.lost==0']);
  });

  it('a bad override value is reported with its path after validation', () => {
    expect(() => resolveScenario(minimal, 'test', { set: ['requests.rate=lots'] })).toThrow(
      /\$\.requests\.rate/,
    );
  });
});
