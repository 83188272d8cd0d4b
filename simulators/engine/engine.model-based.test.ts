/**
 * Property-based tests over random valid models and random command sequences: the rules of
 * PROTOCOL.md section 4 hold for ANY model, not just the reference three.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findEvent, findProperty } from '../../src/model/lookup.js';
import type { DeviceModel } from '../../src/model/types.js';
import { isValidValue, sameValue } from '../../src/model/values.js';
import type { Notification } from '../../src/protocol/types.js';
import {
  type EngineCommand,
  engineCommand,
} from '../../test/support/simulators/engine/engine-command.arbitrary.js';
import { manualClock } from '../../test/support/simulators/engine/harness.js';
import { deviceModel } from '../../test/support/src/model/index.js';
import { compileModel } from './compiled-model.js';
import { encodeReply } from './encode-reply.js';
import { createDeviceEngine } from './engine.js';
import type { DeviceEngine, StateEntry } from './types.js';

const RUNS = 60;
const ITEM_CODES = new Set([0, -4001, -4002, -4003, -4005, -4006, -4007]);

const scenario = deviceModel({ maxServices: 3 }).chain((model) =>
  fc.record({
    model: fc.constant(model),
    commands: fc.array(engineCommand(model), { minLength: 1, maxLength: 30 }),
  }),
);

interface Sent {
  readonly frame: string;
  readonly at: number;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON reply
  readonly reply: any;
}

describe('engine over random models (EDP-RPC, PROP, ACT, NOTIFY)', () => {
  it('starts with a valid value for every property (EDP-PROP-1)', () => {
    fc.assert(
      fc.property(deviceModel(), (model) => {
        const engine = createDeviceEngine({ deviceId: 'gen-0001', model, clock: manualClock() });
        expectValidState(model, engine.snapshot());
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every rule through any command sequence', () => {
    fc.assert(
      fc.property(scenario, ({ model, commands }) => {
        const clock = manualClock();
        const engine = createDeviceEngine({ deviceId: 'gen-0001', model, clock });
        let nextId = 1;
        let last: Sent | undefined;
        for (const command of commands) {
          const before = engine.snapshot();
          if (command.kind === 'advance') {
            clock.advance(command.ms);
            continue;
          }
          if (command.kind === 'self') {
            const note = engine.changeByItself(command.siid, command.piid, command.value as never);
            checkNotifications(model, engine, note ? [note] : []);
            continue;
          }
          if (command.kind === 'repeat') {
            if (!last || clock.now() - last.at > 60_000) continue;
            const out = engine.handleFrame(last.frame);
            // EDP-RPC-5 within 60 s: the stored response, no effects, no notifications.
            expect(JSON.parse(encodeReply(out.reply!))).toEqual(last.reply);
            expect(out.notifications).toEqual([]);
            expect(engine.snapshot()).toEqual(before);
            continue;
          }
          const frame =
            command.kind === 'garbage' ? command.frame : JSON.stringify(request(nextId++, command));
          const out = engine.handleFrame(frame);
          const reply = JSON.parse(encodeReply(out.reply!));
          // EDP-RPC-2: result or error, never both.
          expect('result' in reply !== 'error' in reply).toBe(true);
          if (command.kind === 'garbage') {
            expect(reply.error.code).toBeLessThanOrEqual(-32600);
            expect(out.notifications).toEqual([]);
            expect(engine.snapshot()).toEqual(before);
          } else {
            expect(reply.id).toBe(nextId - 1); // EDP-RPC-1
            checkReply(model, engine, command, reply.result, before);
            checkNotifications(model, engine, out.notifications);
          }
          expectValidState(model, engine.snapshot());
          last = { frame, reply, at: clock.now() };
        }
      }),
      { numRuns: RUNS },
    );
  });
});

function request(id: number, command: EngineCommand): unknown {
  switch (command.kind) {
    case 'get':
      return { id, method: 'get_properties', params: command.params };
    case 'set':
      return { id, method: 'set_properties', params: command.params };
    case 'action':
      return { id, method: 'action', params: command.params };
    default:
      throw new Error(`not a request: ${command.kind}`);
  }
}

function checkReply(
  model: DeviceModel,
  engine: DeviceEngine,
  command: EngineCommand,
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON result
  result: any,
  before: readonly StateEntry[],
): void {
  const compiled = compileModel(model);
  const valueBefore = (siid: unknown, piid: unknown) => {
    const entry = compiled.findProperty(siid, piid);
    return entry ? before[entry.slot]!.value : undefined;
  };
  if (command.kind === 'get') {
    // EDP-RPC-3: same length and order; EDP-PROP-1/2: codes and values per item, reads change nothing.
    expect(result).toHaveLength(command.params.length);
    command.params.forEach((item, i) => {
      const entry = compiled.findProperty(item.siid, item.piid);
      const expected = !entry ? -4003 : !entry.readable ? -4001 : 0;
      expect(result[i].code).toBe(expected);
      if (expected === 0) expect(sameValue(result[i].value, valueBefore(item.siid, item.piid))).toBe(true);
      else expect(result[i]).not.toHaveProperty('value');
    });
    expect(engine.snapshot()).toEqual(before);
  } else if (command.kind === 'set') {
    expect(result).toHaveLength(command.params.length);
    const lastWrite = new Map<number, unknown>();
    command.params.forEach((item, i) => {
      const code = result[i].code;
      expect(ITEM_CODES.has(code)).toBe(true);
      const entry = compiled.findProperty(item.siid, item.piid);
      // Section 3 precedence for writes: -4003, -4002, -4005, -4007.
      const due = !entry
        ? -4003
        : !entry.writable
          ? -4002
          : !isValidValue(entry.spec, item.value)
            ? -4005
            : undefined;
      if (due !== undefined || !entry) {
        expect(code).toBe(due);
        return;
      }
      expect([0, -4007]).toContain(code);
      if (i === 0 && entry.guard) {
        // The first item sees the state from before the request: its guard decides.
        expect(code === 0).toBe(sameValue(before[entry.guard.slot]!.value, entry.guard.equals));
      }
      if (code === 0) lastWrite.set(entry.slot, item.value);
    });
    // EDP-PROP-3: the last accepted write to each property is what it now holds.
    for (const [slot, value] of lastWrite)
      expect(sameValue(engine.snapshot()[slot]!.value, value)).toBe(true);
    // EDP-PROP-4: properties no accepted write touched keep their value.
    engine.snapshot().forEach((entry, slot) => {
      if (!lastWrite.has(slot)) expect(entry.value).toEqual(before[slot]!.value);
    });
  } else if (command.kind === 'action') {
    expect(ITEM_CODES.has(result.code)).toBe(true);
    const entry = compiled.findAction(command.params.siid, command.params.aiid);
    if (result.code !== 0) {
      // EDP-ACT-2: a failed action changes nothing and has an empty out.
      expect(result.out).toEqual([]);
      expect(engine.snapshot()).toEqual(before);
      if (!entry) expect(result.code).toBe(-4003);
      return;
    }
    // EDP-ACT-1: out lists the model's out piids in order, values valid and current.
    expect(entry).toBeDefined();
    expect(result.out.map((o: { piid: number }) => o.piid)).toEqual(entry!.outputs.map((o) => o.piid));
    result.out.forEach((o: { value: unknown }, i: number) => {
      const output = entry!.outputs[i]!;
      expect(isValidValue(output.spec, o.value)).toBe(true);
      expect(sameValue(o.value, engine.read(output.siid, output.piid))).toBe(true);
    });
  }
}

/** EDP-NOTIFY-1/2/3 as far as one exchange shows them. */
function checkNotifications(
  model: DeviceModel,
  engine: DeviceEngine,
  notifications: readonly Notification[],
): void {
  const lastItem = new Map<string, unknown>();
  for (const n of notifications) {
    if (n.method === 'properties_changed') {
      expect(n.params.length).toBeGreaterThanOrEqual(1);
      expect(n.params.length).toBeLessThanOrEqual(16);
      for (const item of n.params) {
        const spec = findProperty(model, item.siid, item.piid)!;
        expect(spec.access).toContain('notify');
        expect(isValidValue(spec, item.value)).toBe(true);
        const key = `${item.siid}/${item.piid}`;
        // Consecutive items of one property differ: a write that changes nothing is not notified.
        if (lastItem.has(key)) expect(sameValue(lastItem.get(key), item.value)).toBe(false);
        lastItem.set(key, item.value);
      }
    } else if (n.method === 'event_occurred') {
      const event = findEvent(model, n.params.siid, n.params.eiid)!;
      expect(n.params.arguments.map((a) => a.piid)).toEqual(event.arguments);
      for (const a of n.params.arguments)
        expect(isValidValue(findProperty(model, n.params.siid, a.piid)!, a.value)).toBe(true);
    }
  }
  // EDP-NOTIFY-2: the last item of each property carries the value it now holds.
  for (const [key, value] of lastItem) {
    const [siid, piid] = key.split('/').map(Number) as [number, number];
    expect(sameValue(engine.read(siid, piid), value)).toBe(true);
  }
}

function expectValidState(model: DeviceModel, state: readonly StateEntry[]): void {
  for (const { siid, piid, value } of state) {
    const spec = findProperty(model, siid, piid)!;
    expect(isValidValue(spec, value), `${siid}/${piid} = ${JSON.stringify(value)}`).toBe(true);
  }
}
