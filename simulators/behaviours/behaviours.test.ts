import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelText } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';
import { isValidValue } from '../../src/model/values.js';
import type { Notification } from '../../src/protocol/types.js';
import { createRandom } from '../../src/random.js';
import { ManualClock } from '../clock/manual-clock.js';
import { createDeviceEngine } from '../engine/index.js';
import type { DeviceEngine } from '../engine/types.js';
import { CLEAN_PM25, OUTDOOR_PM25 } from './air-quality.js';
import { FULL_WATTS, STANDBY_WATTS } from './power-meter.js';
import { defaultBehaviours } from './registry.js';
import type { Behaviour } from './types.js';

const model = (name: string): DeviceModel =>
  parseModelText(readFileSync(new URL(`../../fixtures/models/${name}.json`, import.meta.url), 'utf8'), name)
    .model;
const PURIFIER = model('purifier');
const BULB = model('bulb');
const TV = model('tv');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function device(
  m: DeviceModel,
  seed = 1,
  id = `${m.type.replace(/[^a-z]/g, '')}-0001`,
): { engine: DeviceEngine; behaviour: Behaviour } {
  const engine = createDeviceEngine({ deviceId: id, model: m, clock: new ManualClock() });
  return { engine, behaviour: defaultBehaviours.create(engine, createRandom(seed)) };
}

let nextId = 1;
function set(engine: DeviceEngine, siid: number, piid: number, value: unknown): Notification[] {
  const out = engine.handleFrame(
    JSON.stringify({ id: nextId++, method: 'set_properties', params: [{ siid, piid, value }] }),
  );
  expect(out.reply && 'result' in out.reply ? out.reply.result : out.reply).toEqual([
    { siid, piid, code: 0 },
  ]);
  return [...out.notifications];
}

function changedValues(notifications: readonly Notification[], siid: number, piid: number): unknown[] {
  return notifications.flatMap((n) =>
    n.method === 'properties_changed'
      ? n.params.filter((i) => i.siid === siid && i.piid === piid).map((i) => i.value)
      : [],
  );
}

/** Every value of every property still valid for the model (PROTOCOL.md section 2). */
function expectAllValid(engine: DeviceEngine): void {
  for (const service of engine.model.services) {
    for (const spec of service.properties)
      expect(isValidValue(spec, engine.read(service.siid, spec.piid)), spec.name).toBe(true);
  }
}

describe('purifier air quality', () => {
  const pm = (engine: DeviceEngine) => engine.read(3, 1) as number;

  it('pm2.5 falls while on, faster at a higher fan level, and drifts up while off', () => {
    const slow = device(PURIFIER, 7);
    const fast = device(PURIFIER, 7);
    for (const { engine } of [slow, fast]) {
      set(engine, 2, 1, true);
      set(engine, 2, 2, 3); // manual
    }
    set(slow.engine, 2, 3, 1);
    set(fast.engine, 2, 3, 3);
    const start = pm(slow.engine);
    expect(pm(fast.engine)).toBe(start); // same seed, same starting air
    for (let i = 0; i < 5; i++) {
      slow.behaviour.step(MINUTE);
      fast.behaviour.step(MINUTE);
    }
    expect(pm(slow.engine)).toBeLessThan(start);
    expect(pm(fast.engine)).toBeLessThan(pm(slow.engine));
    for (let i = 0; i < 60; i++) fast.behaviour.step(MINUTE);
    expect(pm(fast.engine)).toBeLessThanOrEqual(CLEAN_PM25 + 3);

    set(fast.engine, 2, 1, false);
    const clean = pm(fast.engine);
    for (let i = 0; i < 120; i++) fast.behaviour.step(MINUTE);
    expect(pm(fast.engine)).toBeGreaterThan(clean + 20);
    expect(pm(fast.engine)).toBeLessThanOrEqual(OUTDOOR_PM25 + 5);
    expectAllValid(fast.engine);
  });

  it('notifies each change of pm2.5 with the value the device now reports (EDP-NOTIFY-1)', () => {
    const { engine, behaviour } = device(PURIFIER, 3);
    set(engine, 2, 1, true);
    const values: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      const notified = changedValues(behaviour.step(MINUTE), 3, 1);
      values.push(...notified);
      if (notified.length > 0) expect(notified.at(-1)).toBe(pm(engine));
    }
    expect(values.length).toBeGreaterThan(5);
    for (let i = 1; i < values.length; i++) expect(values[i]).not.toBe(values[i - 1]);
  });
});

describe('purifier filter', () => {
  it('life falls with use, used time grows, filter-exhausted fires once at 0, reset starts again', () => {
    const { engine, behaviour } = device(PURIFIER, 11);
    const life = () => engine.read(4, 1) as number;
    const used = () => engine.read(4, 2) as number;
    const startLife = life();
    const startUsed = used();
    for (let i = 0; i < 10; i++) behaviour.step(HOUR);
    expect([life(), used()]).toEqual([startLife, startUsed]); // off: no wear

    set(engine, 2, 1, true);
    set(engine, 2, 2, 2); // favorite: hardest work
    const events: Notification[] = [];
    let previousUsed = used();
    for (let i = 0; i < 2_000 && life() > 0; i++) {
      events.push(...behaviour.step(10 * HOUR).filter((n) => n.method === 'event_occurred'));
      expect(used()).toBeGreaterThanOrEqual(previousUsed);
      previousUsed = used();
    }
    expect(life()).toBe(0);
    expect(used()).toBeGreaterThan(startUsed);
    for (let i = 0; i < 10; i++)
      events.push(...behaviour.step(10 * HOUR).filter((n) => n.method === 'event_occurred'));
    expect(events).toEqual([
      { method: 'event_occurred', params: { siid: 4, eiid: 1, arguments: [{ piid: 1, value: 0 }] } },
    ]);

    const reset = engine.handleFrame(
      JSON.stringify({ id: nextId++, method: 'action', params: { siid: 4, aiid: 1, in: [] } }),
    );
    expect(reset.reply && 'result' in reset.reply ? reset.reply.result : undefined).toMatchObject({
      code: 0,
    });
    expect(life()).toBe(100);
    behaviour.step(100 * HOUR);
    expect(life()).toBeLessThan(100);
    expect(life()).toBeGreaterThan(80);
    expectAllValid(engine);
  });
});

describe('bulb power meter', () => {
  it('follows on and brightness at once, and stays near the drawn power on telemetry', () => {
    const { engine, behaviour } = device(BULB, 5);
    const power = () => engine.read(3, 1) as number;
    expect(power()).toBeCloseTo(STANDBY_WATTS, 5);
    set(engine, 2, 2, 100);
    const reacted = [...set(engine, 2, 1, true), ...behaviour.react()];
    expect(changedValues(reacted, 3, 1)).toEqual([FULL_WATTS]);
    expect(power()).toBe(FULL_WATTS);
    set(engine, 2, 2, 1);
    expect(changedValues(behaviour.react(), 3, 1).length).toBe(1);
    expect(power()).toBeLessThan(1.5);
    for (let i = 0; i < 50; i++) {
      behaviour.step(1_000);
      expect(power()).toBeGreaterThan(0.4);
      expect(power()).toBeLessThan(1.5);
    }
    set(engine, 2, 1, false);
    behaviour.react();
    expect(power()).toBeCloseTo(STANDBY_WATTS, 5);
    expectAllValid(engine);
  });
});

describe('selection and reproducibility', () => {
  it('a model with no volatile property gets a behaviour that changes nothing', () => {
    const { engine, behaviour } = device(TV, 1);
    const before = engine.snapshot();
    expect(behaviour.step(HOUR)).toEqual([]);
    expect(engine.snapshot()).toEqual(before);
  });

  it('humidity and temperature wander, always within range', () => {
    const { engine, behaviour } = device(PURIFIER, 21);
    const seen = new Set<unknown>();
    for (let i = 0; i < 500; i++) {
      behaviour.step(MINUTE);
      seen.add(engine.read(3, 3));
      expectAllValid(engine);
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('the same seed gives the same sequence of volatile values; another seed does not', () => {
    const run = (seed: number) => {
      const { engine, behaviour } = device(PURIFIER, seed);
      set(engine, 2, 1, true);
      return Array.from({ length: 50 }, () => behaviour.step(MINUTE));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });
});
