/**
 * A device request that is either a resend of a permitted command the hub already forwarded
 * (EDP-HUB-1) or an identical refused command leaked (EDP-HUB-5): one violation each, the same
 * records (issue 18, the reference fault `forward-twice` with seeds 15 and 16). The judge reads
 * the run so that it breaks the fewest distinct rules (judge/fewest-rules.ts); with nothing else
 * to go on it keeps EDP-HUB-5 (the single fault "forward a refused command"). A request the
 * device received before the refused command was even sent cannot be its leak.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import type { HubRuleId } from '../../../conformance/suites/hub/hub-rule-ids.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { SyntheticRun } from '../../support/hub-judge/synthetic-run.js';

const T = resolveHubTimeouts();
const judged = (run: SyntheticRun) => judgeHubRun(run.record(), T).violations;
const rules = (run: SyntheticRun) => [...new Set(judged(run).map((v) => v.rule))].sort();

/** A device command of any kind, as the app sends it and as the device must receive it. */
interface Shape {
  readonly method: 'get_model' | 'get_properties' | 'set_properties' | 'action';
  readonly deviceParams: unknown;
}

const shapes: fc.Arbitrary<Shape> = fc.oneof(
  fc.constant<Shape>({ method: 'get_model', deviceParams: undefined }),
  fc
    .record({ siid: fc.integer({ min: 1, max: 3 }), piid: fc.integer({ min: 1, max: 4 }) })
    .map((item): Shape => ({ method: 'get_properties', deviceParams: [item] })),
  fc
    .record({
      siid: fc.integer({ min: 1, max: 3 }),
      piid: fc.integer({ min: 1, max: 4 }),
      value: fc.integer(),
    })
    .map((item): Shape => ({ method: 'set_properties', deviceParams: [item] })),
  fc
    .record({ siid: fc.integer({ min: 1, max: 3 }), aiid: fc.integer({ min: 1, max: 3 }) })
    .map((a): Shape => ({ method: 'action', deviceParams: { ...a, in: [] } })),
);

function sendCommand(run: SyntheticRun, connection: string, atMs: number, deviceId: string, shape: Shape) {
  const params =
    shape.method === 'get_model'
      ? { deviceId }
      : shape.method === 'action'
        ? { deviceId, ...(shape.deviceParams as object) }
        : { deviceId, items: shape.deviceParams };
  return run.send(connection, atMs, `devices.${shape.method}`, params, {
    kind: 'device-command',
    deviceId,
    method: shape.method,
    deviceParams: shape.deviceParams,
  });
}

/** `connection`'s command forwarded once or twice (a resend: EDP-HUB-1), the first answer passed on. */
function forwarded(
  run: SyntheticRun,
  connection: string,
  atMs: number,
  deviceId: string,
  shape: Shape,
  times: 1 | 2,
) {
  const request = sendCommand(run, connection, atMs, deviceId, shape);
  const result = shape.method === 'get_model' ? { model: 'acme.bulb' } : [];
  run.deviceRequest(deviceId, atMs + 1, shape.method, shape.deviceParams, { atMs: atMs + 2, result });
  if (times === 2)
    run.deviceRequest(deviceId, atMs + 2, shape.method, shape.deviceParams, { atMs: atMs + 3, result });
  run.reply(request, atMs + 4, { result });
}

type Elsewhere = 'nothing' | 'a resend' | 'a leak' | 'both';

interface Tie {
  readonly shape: Shape;
  readonly other: Shape;
  /** The permitted command's time, and the gap between its two forwards. */
  readonly grantedAtMs: number;
  readonly forwardMs: number;
  readonly resendGapMs: number;
  /** When the refused command was sent, before the resend came (ms before it). */
  readonly refusedBeforeMs: number;
  readonly refusedAnswerMs: number;
  readonly refusedApp: 'app-a#1' | 'app-c#1';
  readonly elsewhere: Elsewhere;
}

const ties: fc.Arbitrary<Tie> = fc.record({
  shape: shapes,
  other: shapes,
  grantedAtMs: fc.integer({ min: 2_000, max: 3_000 }),
  forwardMs: fc.double({ min: 0, max: 40, noNaN: true }),
  resendGapMs: fc.double({ min: 0, max: 40, noNaN: true }),
  refusedBeforeMs: fc.double({ min: 0, max: 500, noNaN: true }),
  refusedAnswerMs: fc.double({ min: 0, max: 30, noNaN: true }),
  refusedApp: fc.constantFrom('app-a#1' as const, 'app-c#1' as const),
  elsewhere: fc.constantFrom<Elsewhere>('nothing', 'a resend', 'a leak', 'both'),
});

/**
 * bulb-0002 is granted to app-b ("*") only: app-b#1's command for it is forwarded twice, and an
 * identical command of app-a or app-c (not granted) is answered -4012. Elsewhere in the run, on
 * other devices: another command resent (EDP-HUB-1), a notification of an ungranted device
 * reaching app-c (EDP-HUB-5), both, or nothing.
 */
function tieRun(t: Tie): SyntheticRun {
  const run = new SyntheticRun();
  const granted = sendCommand(run, 'app-b#1', t.grantedAtMs, 'bulb-0002', t.shape);
  const first = t.grantedAtMs + t.forwardMs;
  const second = first + t.resendGapMs;
  const result = t.shape.method === 'get_model' ? { model: 'acme.bulb' } : [];
  run.deviceRequest('bulb-0002', first, t.shape.method, t.shape.deviceParams, { atMs: first + 0.5, result });
  run.deviceRequest('bulb-0002', second, t.shape.method, t.shape.deviceParams, {
    atMs: second + 0.5,
    result,
  });
  run.reply(granted, first + 1, { result });
  const refusedAt = Math.max(1, second - t.refusedBeforeMs);
  const refused = sendCommand(run, t.refusedApp, refusedAt, 'bulb-0002', t.shape);
  run.reply(refused, refusedAt + t.refusedAnswerMs, { error: { code: -4012, message: 'not granted' } });
  if (t.elsewhere === 'a resend' || t.elsewhere === 'both')
    forwarded(run, 'app-b#2', 5_000, 'bulb-0001', t.other, 2);
  if (t.elsewhere === 'a leak' || t.elsewhere === 'both') {
    run.subscribe('app-c#2', 100, ['tv-0001']);
    run.notify('bulb-0001', 6_000, [{ siid: 2, piid: 1, value: true }]);
    run.push('app-c#2', 6_001, {
      method: 'device.properties_changed',
      params: { deviceId: 'bulb-0001', items: [{ siid: 2, piid: 1, value: true }] },
    });
  }
  return run;
}

const EXPECTED: Record<Elsewhere, { rules: HubRuleId[]; count: number }> = {
  // Nothing else: either reading breaks one rule; the default (the leak) stays.
  nothing: { rules: ['EDP-HUB-5'], count: 1 },
  // EDP-HUB-1 broken already: one more resend breaks no new rule, a leak would.
  'a resend': { rules: ['EDP-HUB-1'], count: 2 },
  // EDP-HUB-5 broken already: the leak breaks no new rule.
  'a leak': { rules: ['EDP-HUB-5'], count: 2 },
  // Both broken already: either reading keeps two rules; the default stays.
  both: { rules: ['EDP-HUB-1', 'EDP-HUB-5'], count: 3 },
};

describe('a resend or a leaked refused command: the reading that breaks the fewest rules in the run', () => {
  it('issue 18 as recorded: get_model forwarded twice, an identical refused one, a resend elsewhere: EDP-HUB-1 alone', () => {
    const run = new SyntheticRun(
      new Map<string, readonly string[] | '*'>([
        ['app-a', ['bulb-0001']],
        ['app-b', '*'],
      ]),
      ['bulb-0001', 'bulb-0002', 'purifier-0003'],
    );
    // forward-twice elsewhere in the run: app-b#1's get_properties reaches bulb-0002 twice.
    forwarded(
      run,
      'app-b#1',
      2.6,
      'bulb-0002',
      { method: 'get_properties', deviceParams: [{ siid: 1, piid: 1 }] },
      2,
    );
    const granted = run.getModel('app-b#1', 14.9, 'purifier-0003');
    const refused = run.getModel('app-a#1', 16.2, 'purifier-0003');
    const model = { model: 'fleetcert.purifier.v1' };
    run.deviceRequest('purifier-0003', 19.4, 'get_model', undefined, { atMs: 19.6, result: model });
    run.deviceRequest('purifier-0003', 19.6, 'get_model', undefined, { atMs: 19.7, result: model });
    run.reply(granted, 21.1, { result: model });
    run.reply(refused, 37.6, { error: { code: -4012, message: 'unknown or not granted device' } });
    expect(rules(run)).toEqual(['EDP-HUB-1']);
    expect(judged(run)).toHaveLength(2);
  });

  it('seed 15 as recorded: the refused get_model sent 1.6 ms after the device got the resend: EDP-HUB-1 alone', () => {
    const run = new SyntheticRun(
      new Map<string, readonly string[] | '*'>([
        ['app-a', ['bulb-0001']],
        ['app-b', '*'],
      ]),
      ['bulb-0001', 'purifier-0003'],
    );
    const granted = run.getModel('app-b#1', 14.9, 'purifier-0003');
    const model = { model: 'fleetcert.purifier.v1' };
    run.deviceRequest('purifier-0003', 19.4, 'get_model', undefined, { atMs: 19.6, result: model });
    run.deviceRequest('purifier-0003', 19.6, 'get_model', undefined, { atMs: 19.7, result: model });
    run.reply(granted, 21.1, { result: model });
    // Sent after the device received the second get_model: on fleetcert's one clock, no leak of it.
    const refused = run.getModel('app-a#1', 21.2, 'purifier-0003');
    run.reply(refused, 37.6, { error: { code: -4012, message: 'unknown or not granted device' } });
    expect(rules(run)).toEqual(['EDP-HUB-1']);
    expect(judged(run)).toHaveLength(1);
  });

  it('any command, any timing: the run decides, never the count', () => {
    fc.assert(
      fc.property(ties, (t) => {
        const run = tieRun(t);
        const violations = judged(run);
        const detail = violations.map((v) => `${v.rule} ${v.lane} @${v.atMs}: ${v.observed}`).join('\n');
        expect(rules(run), detail).toEqual(EXPECTED[t.elsewhere].rules);
        expect(violations, detail).toHaveLength(EXPECTED[t.elsewhere].count);
      }),
      { numRuns: 400, seed: 18 },
    );
  });

  it('a refused command sent after the device got the resend is no leak, whatever else the run holds', () => {
    fc.assert(
      fc.property(ties, fc.double({ min: 0.01, max: 2, noNaN: true }), (t, afterMs) => {
        const run = tieRun({ ...t, refusedBeforeMs: -afterMs });
        const blamed = rules(run);
        expect(blamed).toContain('EDP-HUB-1');
        // EDP-HUB-5 only for the leaked notification elsewhere.
        expect(blamed.includes('EDP-HUB-5')).toBe(t.elsewhere === 'a leak' || t.elsewhere === 'both');
      }),
      { numRuns: 200, seed: 18 },
    );
  });

  it('a request no permitted command explains stays the leak of the refused one, also beside a resend', () => {
    // Without the permitted command's second forward there is no resend reading: no tie.
    const run = new SyntheticRun();
    forwarded(run, 'app-b#2', 5_000, 'bulb-0001', { method: 'get_model', deviceParams: undefined }, 2);
    const refused = run.getModel('app-a#1', 100, 'bulb-0002');
    run.deviceRequest('bulb-0002', 101, 'get_model', undefined, {
      atMs: 102,
      result: { model: 'acme.bulb' },
    });
    run.reply(refused, 103, { error: { code: -4012, message: 'not granted' } });
    expect(rules(run)).toEqual(['EDP-HUB-1', 'EDP-HUB-5']);
  });
});
