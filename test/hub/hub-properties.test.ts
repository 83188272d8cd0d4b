/**
 * Property-based app sessions against the reference hub (in process, embedded broker, recording
 * devices): for any sequence of commands, valid or not, to granted, ungranted, unknown and
 * never-seen devices, every request gets exactly one response under its id; exactly the
 * well-formed commands to the granted online device reach it, in arrival order, with their
 * params as section 8 says; the app gets the device's answer; nothing reaches the ungranted
 * device; unknown and ungranted read alike (EDP-HUB-1, -2, -5).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHubFaults, type RunningHub, startHub } from '../../simulators/hub/index.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';
import { checkHubConfig } from '../../src/hub/hub-config.js';
import { connectApp } from '../support/hub/app-client.js';
import { type RecordingDevice, startRecordingDevice } from '../support/hub/recording-mqtt-device.js';
import { freePort } from '../support/ports.js';

type Target = 'alpha-0001' | 'hidden-0001' | 'ghost-0001' | 'never-0001';
type Call =
  | { readonly kind: 'list' }
  | { readonly kind: 'get_model'; readonly target: Target }
  | { readonly kind: 'get' | 'set'; readonly target: Target; readonly items: unknown }
  | { readonly kind: 'action'; readonly target: Target; readonly rest: Record<string, unknown> }
  | { readonly kind: 'bad-params'; readonly method: string; readonly params: unknown };

const target = fc.constantFrom<Target>('alpha-0001', 'alpha-0001', 'hidden-0001', 'ghost-0001', 'never-0001');
const call: fc.Arbitrary<Call> = fc.oneof(
  fc.constant<Call>({ kind: 'list' }),
  target.map((t): Call => ({ kind: 'get_model', target: t })),
  fc.record({ kind: fc.constantFrom('get' as const, 'set' as const), target, items: fc.jsonValue() }),
  fc.record({
    kind: fc.constant('action' as const),
    target,
    rest: fc.dictionary(
      fc.string().filter((k) => k !== 'deviceId' && k !== '__proto__'),
      fc.jsonValue(),
      { maxKeys: 4 },
    ),
  }),
  fc.record({
    kind: fc.constant('bad-params' as const),
    method: fc.constantFrom(
      'devices.get_properties',
      'devices.set_properties',
      'devices.action',
      'devices.get_model',
    ),
    params: fc.oneof(
      fc.constant(undefined),
      fc.array(fc.jsonValue(), { maxLength: 2 }),
      fc.record({ deviceId: fc.oneof(fc.integer(), fc.constant(null), fc.boolean()) }),
      fc.constant({ items: [] }),
    ),
  }),
);

const METHOD = { get: 'devices.get_properties', set: 'devices.set_properties' } as const;
const DEVICE_METHOD = { get: 'get_properties', set: 'set_properties' } as const;

let broker: EmbeddedBroker;

function hubConfig(port: number) {
  return checkHubConfig({
    listen: `127.0.0.1:${port}`,
    mqtt: { url: broker.url, username: 'controller:hub', password: 'x' },
    deadline_ms: 1_000,
    apps: [
      { token: 'app', devices: ['alpha-0001', 'never-0001'] },
      { token: 'other', devices: ['hidden-0001'] },
    ],
  });
}
let hub: RunningHub;
let alpha: RecordingDevice;
let hidden: RecordingDevice;

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0 });
  alpha = await startRecordingDevice(broker.url, 'alpha-0001');
  hidden = await startRecordingDevice(broker.url, 'hidden-0001');
  hub = await startHub({ config: hubConfig(await freePort()), seed: 11 });
}, 30_000);

afterAll(async () => {
  await hub?.close();
  await broker?.close();
}, 30_000);

describe('reference hub app sessions (property-based)', () => {
  it('answers every request once and forwards exactly the well-formed granted commands, verbatim and in order', async () => {
    await fc.assert(sessionProperty(hub.url), { numRuns: 25 });
  }, 120_000);
});

/** The same sessions bite: a hub with a planted EDP-HUB-1 or EDP-HUB-5 bug fails the property. */
describe('the session property against planted hub faults', () => {
  it.each([
    'keep-device-id',
    'forward-ungranted',
    'tell-unknown-from-ungranted',
    'forward-to-offline',
  ] as const)(
    '%s fails it',
    async (fault) => {
      const faulty = await startHub({
        config: hubConfig(await freePort()),
        seed: 11,
        faults: parseHubFaults([fault]),
      });
      try {
        const outcome = await fc.check(sessionProperty(faulty.url), { numRuns: 50, seed: 1 });
        expect(outcome.failed).toBe(true);
      } finally {
        await faulty.close();
      }
    },
    120_000,
  );
});

function sessionProperty(url: string) {
  return fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 12 }), async (calls) => {
    const app = await connectApp(url, 'app');
    const alphaBefore = alpha.received.length;
    const hiddenBefore = hidden.received.length;
    try {
      const expected: { method: string; params?: unknown }[] = [];
      const ids = calls.map((c) => {
        switch (c.kind) {
          case 'list':
            return app.send('devices.list');
          case 'get_model':
            if (c.target === 'alpha-0001') expected.push({ method: 'get_model' });
            return app.send('devices.get_model', { deviceId: c.target });
          case 'get':
          case 'set':
            if (c.target === 'alpha-0001') expected.push({ method: DEVICE_METHOD[c.kind], params: c.items });
            return app.send(METHOD[c.kind], { deviceId: c.target, items: c.items });
          case 'action':
            if (c.target === 'alpha-0001') expected.push({ method: 'action', params: c.rest });
            return app.send('devices.action', { ...c.rest, deviceId: c.target });
          default:
            return app.send(c.method, c.params);
        }
      });
      await Promise.all(ids.map((id) => app.waitFor((f) => f.json.id === id, 10_000)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const id of ids) expect(app.responsesTo(id)).toHaveLength(1);
      const got = alpha.received.slice(alphaBefore).map((f) => f.json);
      expect(
        got.map(({ method, params }) => (params === undefined ? { method } : { method, params })),
      ).toEqual(expected);
      expect(hidden.received.length).toBe(hiddenBefore);
      let nth = 0;
      calls.forEach((c, k) => {
        const response = app.responsesTo(ids[k]!)[0]!.json;
        if (c.kind === 'bad-params') expect(response.error).toMatchObject({ code: -32602 });
        else if (c.kind === 'list') expect(Array.isArray(response.result)).toBe(true);
        else if (c.target === 'hidden-0001' || c.target === 'ghost-0001')
          expect(response.error).toEqual({ code: -4012, message: 'unknown or not granted device' });
        else if (c.target === 'never-0001') expect(response.error).toMatchObject({ code: -4010 });
        else {
          // Forwarded in arrival order: this is the device's nth frame, and the app got its echo.
          const forwarded = got[nth++]!;
          expect(response.result).toEqual({ method: forwarded.method, params: forwarded.params ?? null });
        }
      });
    } finally {
      await app.close();
    }
  });
}
