/**
 * The judge bites: for ANY model and request, a device answer that is wrong in one way is
 * caught, and the violation names the rule the wrong answer breaks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviceDriver, type Tamper } from '../../test/support/conformance/drive-device.js';
import { requestBody } from '../../test/support/conformance/request-body.arbitrary.js';
import { IndependentDevice, type IndependentModel } from '../../test/support/independent-device.js';
import { deviceModel } from '../../test/support/src/model/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { indexModel } from './model-index.js';
import type { RequestBody } from './predict-request.js';

type Mutation = { name: string; tamper: Tamper; rules: readonly RuleId[] };

const mapResponse = (
  frames: string[],
  f: (message: Record<string, unknown>) => Record<string, unknown> | undefined,
): string[] =>
  frames.map((frame) => {
    const message = JSON.parse(frame) as Record<string, unknown>;
    if (!('id' in message)) return frame;
    return JSON.stringify(f(message) ?? message);
  });

const MUTATIONS: Mutation[] = [
  {
    name: 'a batch one item short',
    rules: ['EDP-RPC-3'],
    tamper: (frames) =>
      mapResponse(frames, (m) =>
        Array.isArray(m.result) ? { ...m, result: m.result.slice(0, -1) } : undefined,
      ),
  },
  {
    name: 'a wrong item code',
    rules: ['EDP-PROP-1', 'EDP-PROP-2', 'EDP-PROP-3', 'EDP-PROP-4'],
    tamper: (frames) =>
      mapResponse(frames, (m) => {
        if (!Array.isArray(m.result) || m.result.length === 0) return undefined;
        const [first, ...rest] = m.result as Array<Record<string, unknown>>;
        const { value: _dropped, ...item } = first as Record<string, unknown>;
        return { ...m, result: [{ ...item, code: item.code === -4003 ? -4001 : -4003 }, ...rest] };
      }),
  },
  {
    name: 'a wrong action code',
    rules: ['EDP-ACT-1', 'EDP-ACT-2'],
    tamper: (frames) =>
      mapResponse(frames, (m) => {
        const r = m.result as Record<string, unknown> | undefined;
        if (r === undefined || Array.isArray(r) || typeof r.code !== 'number') return undefined;
        return { ...m, result: { code: r.code === -4006 ? -4003 : -4006, out: [] } };
      }),
  },
  {
    name: 'an envelope error instead of a result',
    rules: ['EDP-PROP-1', 'EDP-PROP-2', 'EDP-PROP-3', 'EDP-PROP-4', 'EDP-ACT-1', 'EDP-ACT-2'],
    tamper: (frames) => mapResponse(frames, (m) => ({ id: m.id, error: { code: -32602, message: 'no' } })),
  },
];

const hasItems = (body: RequestBody) => body.method !== 'action';

describe('judge catches wrong answers and names the rule', () => {
  for (const mutation of MUTATIONS) {
    it(`${mutation.name} → ${mutation.rules.join(' or ')}`, () => {
      fc.assert(
        fc.property(
          deviceModel().chain((model) => fc.tuple(fc.constant(model), requestBody(indexModel(model)))),
          ([model, body]) => {
            fc.pre(
              mutation.name.includes('action')
                ? body.method === 'action'
                : mutation.name.startsWith('a batch') || mutation.name.startsWith('a wrong item')
                  ? hasItems(body)
                  : true,
            );
            const index = indexModel(model);
            const device = new IndependentDevice(model as unknown as IndependentModel, {
              deviceId: 'gen-0001',
            });
            const driver = new DeviceDriver(index, device);
            driver.readAll();
            const tampering = new DeviceDriver(index, device, mutation.tamper);
            tampering.state = driver.state;
            tampering.send(body);
            const rules = tampering.finish().map((v) => v.rule);
            expect(rules.some((r) => mutation.rules.includes(r))).toBe(true);
          },
        ),
        { numRuns: 150, seed: 18 },
      );
    });
  }

  it('a missing notification → EDP-NOTIFY-1; an extra one → EDP-NOTIFY-1; a stale one → EDP-NOTIFY-1/2', () => {
    fc.assert(
      fc.property(
        deviceModel().chain((model) =>
          fc.tuple(
            fc.constant(model),
            fc.array(requestBody(indexModel(model)), { minLength: 1, maxLength: 8 }),
          ),
        ),
        fc.constantFrom('drop', 'duplicate', 'stale'),
        ([model, bodies], kind) => {
          const index = indexModel(model);
          const device = new IndependentDevice(model as unknown as IndependentModel, {
            deviceId: 'gen-0001',
          });
          // Only items for notify properties the harness knows are judged strictly.
          const strict = (item: { siid: number; piid: number }) => {
            const p = index.property(item.siid, item.piid);
            return p?.notify === true && p.readable && !p.volatile;
          };
          let tampered = 0;
          let unowed = false;
          const tamper: Tamper = (frames) =>
            frames.flatMap((frame) => {
              const message = JSON.parse(frame) as {
                method?: string;
                params?: Array<{ siid: number; piid: number; value: unknown }>;
              };
              if (message.method !== 'properties_changed' || tampered > 0) return [frame];
              const target = message.params?.find(strict);
              if (target === undefined) return [frame];
              tampered++;
              // Dropping breaks nothing when the change is announced anyway: the value was already held, or
              // another item of the message carries it (float effects such as add-with-clamp then set from
              // `in` give two values equal but for rounding, which the judge reads as one change).
              const held = driver.state.values.get(index.property(target.siid, target.piid)?.key ?? '');
              const sameProperty = (message.params ?? []).filter(
                (i) => i !== target && i.siid === target.siid && i.piid === target.piid,
              );
              unowed =
                (held?.known === true && sameValue(held.value, target.value)) ||
                sameProperty.some((i) => sameValue(i.value, target.value));
              const others = (message.params ?? []).filter((i) => i !== target);
              const rest = others.length > 0 ? [JSON.stringify({ ...message, params: others })] : [];
              if (kind === 'drop') return rest;
              if (kind === 'duplicate')
                return [frame, JSON.stringify({ method: 'properties_changed', params: [target] })];
              return [
                ...rest,
                JSON.stringify({
                  method: 'properties_changed',
                  params: [{ ...target, value: staleOf(index, target) }],
                }),
              ];
            });
          const driver = new DeviceDriver(index, device, tamper);
          const before = new Map<string, unknown>();
          driver.readAll();
          for (const p of index.properties) {
            const k = driver.state.values.get(p.key);
            if (k?.known) before.set(p.key, k.value);
          }
          for (const body of bodies) driver.send(body);
          const rules = driver.finish().map((v) => v.rule);
          fc.pre(tampered > 0);
          fc.pre(!(kind === 'drop' && unowed));
          // A stale value in a sequence of changes may read as a missing item too; alone it is EDP-NOTIFY-2 (ledger tests).
          const want = kind === 'stale' ? ['EDP-NOTIFY-1', 'EDP-NOTIFY-2'] : ['EDP-NOTIFY-1'];
          expect(rules.some((r) => want.includes(r))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 1691167839 },
    );
  });
});

/** Equal, or numbers equal but for floating-point rounding. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return Object.is(a, b);
}

/** A value different from the one notified: what a stale notification could carry. */
function staleOf(
  index: ReturnType<typeof indexModel>,
  item: { siid: number; piid: number; value: unknown },
): unknown {
  const p = index.property(item.siid, item.piid);
  if (p?.spec.format === 'bool') return !item.value;
  if (typeof item.value === 'number') return item.value === 0 ? 1 : 0;
  return `${String(item.value)}-stale`;
}
