import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelText } from '../../src/model/load.js';
import { createRandom } from '../../src/random.js';
import { ManualClock } from '../clock/manual-clock.js';
import { createDeviceEngine } from '../engine/index.js';
import { AnimatedEngine, animate, type FrameCounter, runTelemetry } from './animated-engine.js';
import { defaultBehaviours } from './registry.js';

const load = (name: string) =>
  parseModelText(readFileSync(new URL(`../../fixtures/models/${name}.json`, import.meta.url), 'utf8'), name)
    .model;

describe('AnimatedEngine', () => {
  it('adds the behaviour reactions to the frame that caused them, after its own notifications', () => {
    const engine = animate(
      createDeviceEngine({ deviceId: 'bulb-0001', model: load('bulb'), clock: new ManualClock() }),
      createRandom(1),
    );
    const out = engine.handleFrame(
      JSON.stringify({ id: 1, method: 'set_properties', params: [{ siid: 2, piid: 1, value: true }] }),
    );
    expect(out.reply).toEqual({ id: 1, result: [{ siid: 2, piid: 1, code: 0 }] });
    expect(out.notifications.map((n) => n.params)).toEqual([
      [{ siid: 2, piid: 1, value: true }],
      [{ siid: 3, piid: 1, value: expect.any(Number) }],
    ]);
    expect(engine.read(3, 1)).toBe(0.8); // on at the lowest brightness: from standby to the dimmest draw
  });

  it('counts frames into a counter shared by many engines, and delegates everything else', () => {
    const counter: FrameCounter = { frames: 0 };
    const clock = new ManualClock();
    const engines = [1, 2].map((i) => {
      const inner = createDeviceEngine({ deviceId: `tv-000${i}`, model: load('tv'), clock, firmware: '9.9' });
      return new AnimatedEngine(inner, defaultBehaviours.create(inner, createRandom(i)), counter);
    });
    for (const engine of engines) engine.handleFrame('not json');
    expect(counter.frames).toBe(2);
    const [tv] = engines;
    expect([tv!.deviceId, tv!.model.model, tv!.firmware, tv!.faults]).toEqual([
      'tv-0001',
      'fleetcert.tv.v1',
      '9.9',
      [],
    ]);
    expect(tv!.changeByItself(2, 6, 'news')).toEqual({
      method: 'properties_changed',
      params: [{ siid: 2, piid: 6, value: 'news' }],
    });
    tv!.resetState();
    expect(tv!.read(2, 6)).toBe('');
  });
});

describe('runTelemetry', () => {
  it('steps the behaviour on the clock in fixed slices and hands the notifications on, until cancelled', () => {
    const clock = new ManualClock();
    const engine = animate(
      createDeviceEngine({ deviceId: 'purifier-0001', model: load('purifier'), clock }),
      createRandom(4),
    );
    const sent: unknown[] = [];
    const run = runTelemetry(engine.behaviour, {
      clock,
      periodMs: 1_000,
      timeScale: 60,
      notify: (n) => sent.push(...n),
    });
    clock.advance(10_000);
    expect(sent.length).toBeGreaterThan(0);
    const count = sent.length;
    run.cancel();
    clock.advance(10_000);
    expect(sent.length).toBe(count);
  });
});
