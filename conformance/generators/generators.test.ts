/** The generators make what they claim, for ANY model (checked with the model's own rules and an independent device). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidValue } from '../../src/model/values.js';
import { decodeDeviceMessage } from '../../src/protocol/decode-device-message.js';
import { fixtureModel } from '../../test/support/conformance/fixture-models.js';
import { IndependentDevice, type IndependentModel } from '../../test/support/independent-device.js';
import { deviceModel, propertySpec } from '../../test/support/src/model/index.js';
import { emptyState } from '../judge/knowledge.js';
import { indexModel } from '../judge/model-index.js';
import { predictRequest } from '../judge/predict-request.js';
import { suiteExamples } from '../suites/model-based/suite-arbitraries.js';
import { actionCall } from './action-call.js';
import { enumeratedRuns } from './enumerated-cases.js';
import { getItem } from './get-item.js';
import { invalidPropertyValue } from './invalid-property-value.js';
import { malformedFrame } from './malformed-frame.js';
import { propertyValue } from './property-value.js';

const withValue = <T>(arb: (spec: Parameters<typeof propertyValue>[0]) => fc.Arbitrary<T>) =>
  propertySpec(1).chain((spec) => fc.tuple(fc.constant(spec), arb(spec)));

describe('value generators', () => {
  it('propertyValue draws only valid values, for any property', () => {
    fc.assert(
      fc.property(withValue(propertyValue), ([spec, value]) => {
        expect(isValidValue(spec, value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('invalidPropertyValue draws only invalid values, for any property', () => {
    fc.assert(
      fc.property(withValue(invalidPropertyValue), ([spec, { value }]) => {
        expect(isValidValue(spec, value)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('item generators', () => {
  it('getItem addresses properties the judge reads as 0, -4001 or -4003, matching the model', () => {
    fc.assert(
      fc.property(
        deviceModel().chain((m) => fc.tuple(fc.constant(m), getItem(indexModel(m)))),
        ([model, spec]) => {
          const index = indexModel(model);
          const p = index.property(spec.item.siid, spec.item.piid);
          const [item] = (
            predictRequest(index, emptyState(), { method: 'get_properties', params: [spec.item] })
              .response as unknown as { items: Array<{ code: number }> }
          ).items;
          expect(item?.code).toBe(p === undefined ? -4003 : p.readable ? 0 : -4001);
        },
      ),
    );
  });
  it('invalid action calls are never accepted', () => {
    fc.assert(
      fc.property(
        deviceModel().chain((m) => fc.tuple(fc.constant(m), actionCall(indexModel(m), { validWeight: 0 }))),
        ([model, call]) => {
          const device = new IndependentDevice(model as unknown as IndependentModel, {
            deviceId: 'gen-0001',
          });
          const [reply] = device.handle(JSON.stringify({ id: 1, method: 'action', params: call.params }));
          const code = (JSON.parse(reply as string) as { result: { code: number } }).result.code;
          expect([-4003, -4006]).toContain(code);
        },
      ),
    );
  });
});

describe('malformed frames (EDP-RPC-4)', () => {
  it('each gets the envelope error it claims from an independently written device', () => {
    const model = fixtureModel('bulb') as unknown as IndependentModel;
    fc.assert(
      fc.property(
        malformedFrame({ binding: 'mqtt' }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (frame, id) => {
          const device = new IndependentDevice(model, { deviceId: 'bulb-0001' });
          const rendered = frame.render(id);
          const [reply] = device.handle(rendered.frame, rendered.binary);
          const message = decodeDeviceMessage(reply as string);
          expect(message).toMatchObject({
            kind: 'error-response',
            id: frame.carriesId ? id : null,
            error: { code: frame.code },
          });
        },
      ),
    );
  });
  it('never sends invalid UTF-8 over WebSocket, and sends binary frames only there', () => {
    const ws = fc
      .sample(malformedFrame({ binding: 'ws' }), { numRuns: 300, seed: 3 })
      .map((f) => f.render(7));
    const mqtt = fc
      .sample(malformedFrame({ binding: 'mqtt' }), { numRuns: 300, seed: 3 })
      .map((f) => f.render(7));
    expect(ws.every((r) => r.binary === true || typeof r.frame === 'string')).toBe(true);
    expect(ws.some((r) => r.binary === true)).toBe(true);
    expect(mqtt.some((r) => r.binary === true)).toBe(false);
  });
});

describe('suite examples', () => {
  it('open every check with one single-command run per kind, then the enumerated cases, the same for the same seed', () => {
    const index = indexModel(fixtureModel('tv'));
    const a = suiteExamples(index, 'ws', 42).map(([, cmds]) => [...cmds].map(String));
    const b = suiteExamples(index, 'ws', 42).map(([, cmds]) => [...cmds].map(String));
    expect(a).toEqual(b);
    const runs = enumeratedRuns(index, 'ws');
    const singles = a.slice(0, a.length - runs.length);
    expect(singles.every((cmds) => cmds.length === 1)).toBe(true);
    expect(singles.length).toBeGreaterThanOrEqual(9);
    // Every malformed frame, the 17-item batches included, whatever the seed.
    const sent = a.flat();
    for (const frame of [
      'get_properties with params 17 items',
      'set_properties with params 17 items',
      'a binary frame',
    ])
      expect(sent).toContain(`malformed frame: ${frame}, then a valid request`);
  });
});
