import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_QOS } from '../../src/transport/mqtt/connection-options.js';
import { resolveScenario, ScenarioError } from './load.js';
import { validateScenario } from './validate.js';

const minimal = {
  broker: { url: 'mqtt://127.0.0.1:1883' },
  fleet: [{ type: 'bulb', count: 10 }],
  stages: [{ rampUp: '10/s' }, { hold: '5s' }],
};
const CLASSES = ['telemetry', 'requests', 'replies', 'notifications'] as const;

describe('scenario mqtt: version and QoS per message class', () => {
  it('defaults to MQTT 3.1.1 and QoS 1 for every class (section 5)', () => {
    const result = validateScenario(minimal);
    expect(result.ok && result.scenario.mqtt).toEqual({ version: 4, qos: PROTOCOL_QOS });
  });

  it('takes any version 4|5 and any QoS 0|1 per class, the rest defaulting to 1', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 5),
        fc.record(
          {
            telemetry: fc.constantFrom(0, 1),
            requests: fc.constantFrom(0, 1),
            replies: fc.constantFrom(0, 1),
            notifications: fc.constantFrom(0, 1),
          },
          { requiredKeys: [] },
        ),
        (version, qos) => {
          const result = validateScenario({ ...minimal, mqtt: { version, qos } });
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.scenario.mqtt.version).toBe(version);
          for (const kind of CLASSES) expect(result.scenario.mqtt.qos[kind]).toBe(qos[kind] ?? 1);
        },
      ),
    );
  });

  it('names a bad version, a bad QoS and an unknown class with the fix', () => {
    const result = validateScenario({
      ...minimal,
      mqtt: { version: 3, qos: { telemetry: 2, events: 1 } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.map((p) => `${p.path}: ${p.problem}; ${p.fix}`).join('\n');
    expect(text).toContain(
      '$.mqtt.version: 3 is not an MQTT version fleetcert speaks; write 4 (MQTT 3.1.1) or 5 (MQTT 5.0)',
    );
  });

  it('checks the QoS and the unknown class even when the version is right', () => {
    const result = validateScenario({ ...minimal, mqtt: { version: 5, qos: { telemetry: 2, events: 1 } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['$.mqtt.qos.telemetry', '$.mqtt.qos.events']));
  });

  it('--mqtt-version and --set mqtt.qos.* override the file, checked like it', () => {
    const scenario = resolveScenario(minimal, 'test', { mqttVersion: 5, set: ['mqtt.qos.telemetry=0'] });
    expect(scenario.mqtt).toEqual({ version: 5, qos: { ...PROTOCOL_QOS, telemetry: 0 } });
    expect(() => resolveScenario(minimal, 'test', { mqttVersion: 6 })).toThrow(ScenarioError);
  });
});
