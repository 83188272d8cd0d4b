import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { checkIdPattern, fleetDeviceId, indexWidth } from './device-ids.js';
import { devicePlan, parseFleetFault } from './fleet-faults.js';
import { parseFleetSpec } from './fleet-spec.js';
import { parseRamp, Ramp } from './ramp.js';
import { parseTokenFile, templateTokens, tokenFor } from './tokens.js';

describe('--fleet', () => {
  it('reads NAME=COUNT groups in order', () => {
    expect(parseFleetSpec('bulb=5000, purifier=3000,tv=2000')).toEqual([
      { name: 'bulb', count: 5000 },
      { name: 'purifier', count: 3000 },
      { name: 'tv', count: 2000 },
    ]);
  });

  it.each([
    ['bulb', 'is not NAME=COUNT'],
    ['bulb=-1', 'is not NAME=COUNT'],
    ['bulb=0', 'must be at least 1'],
    ['Bulb=3', 'lowercase letters'],
    ['bulb=1,bulb=2', 'named twice'],
    ['bulb=2000000', 'more than'],
  ])('%s is refused with a message naming the fix (%s)', (text, words) => {
    expect(() => parseFleetSpec(text)).toThrow(words);
  });
});

describe('device ids', () => {
  it('are <prefix><type>-<index>, zero-padded to the group size (at least 4 digits)', () => {
    expect(fleetDeviceId('', 'bulb', 7, indexWidth(5000))).toBe('bulb-0007');
    expect(fleetDeviceId('lab1-', 'tv', 12, indexWidth(19_000))).toBe('lab1-tv-00012');
    expect(indexWidth(3)).toBe(4);
  });

  it('refuses a prefix that makes invalid device ids', () => {
    expect(() => checkIdPattern('Lab_', 'bulb', 10)).toThrow(/--id-prefix/);
    expect(() => checkIdPattern('x'.repeat(60), 'bulb', 10)).toThrow(/at most 64/);
    expect(() => checkIdPattern('lab-', 'bulb', 10)).not.toThrow();
  });
});

describe('tokens', () => {
  it('come from one token, a template, or a file', () => {
    const device = { id: 'bulb-0003', type: 'bulb', index: 3 };
    expect(tokenFor({ kind: 'single', token: 'T' }, device)).toBe('T');
    expect(tokenFor(templateTokens('s-{type}-{index}-{id}'), device)).toBe('s-bulb-3-bulb-0003');
    expect(tokenFor(parseTokenFile('{"bulb-0003": "abc"}', 'f.json'), device)).toBe('abc');
    expect(tokenFor(parseTokenFile('# tokens\nbulb-0003  xyz\n\n', 'f.txt'), device)).toBe('xyz');
  });

  it('name what is wrong: unknown placeholder, missing device, bad lines', () => {
    expect(() => templateTokens('{serial}')).toThrow('{serial}');
    expect(() => tokenFor(parseTokenFile('{}', 'f.json'), { id: 'tv-0001', type: 'tv', index: 1 })).toThrow(
      'no token for device tv-0001',
    );
    expect(() => parseTokenFile('bulb-0001', 'f.txt')).toThrow('line 1');
    expect(() => parseTokenFile('{"a": 1}', 'f.json')).toThrow('must be a string');
  });
});

describe('--ramp', () => {
  it('reads connections per second or per minute', () => {
    expect(parseRamp('500/s')).toBe(500);
    expect(parseRamp('500')).toBe(500);
    expect(parseRamp('120/m')).toBe(2);
    expect(() => parseRamp('fast')).toThrow('500/s');
    expect(() => parseRamp('0/s')).toThrow();
  });

  it('starts no more than the rate allows, and no more than the window at once', async () => {
    const clock = new ManualClock();
    const started: number[] = [];
    const pending: (() => void)[] = [];
    const ramp = new Ramp(
      clock,
      25,
      (i, done) => {
        started.push(i);
        pending.push(done);
      },
      { perSecond: 10, maxInFlight: 4 },
    );
    const finished = ramp.run();
    expect(started).toEqual([0]);
    clock.advance(1_000);
    expect(started.length).toBe(4); // the window is full
    pending.splice(0).forEach((done) => {
      done();
    });
    expect(started.length).toBe(8);
    for (let t = 0; t < 30; t++) {
      pending.splice(0).forEach((done) => {
        done();
      });
      clock.advance(100);
    }
    expect(started).toEqual(Array.from({ length: 25 }, (_, i) => i));
    pending.splice(0).forEach((done) => {
      done();
    });
    await finished;
  });
});

describe('fault shares', () => {
  it('reads NAME[:RATE][@SHARE]', () => {
    expect(parseFleetFault('drop-replies:0.5@0.1')).toEqual({
      setting: { name: 'drop-replies', rate: 0.5 },
      share: 0.1,
    });
    expect(parseFleetFault('no-will@25%')).toEqual({ setting: { name: 'no-will', rate: 1 }, share: 0.25 });
    expect(parseFleetFault('reorder-batch')).toEqual({
      setting: { name: 'reorder-batch', rate: 1 },
      share: 1,
    });
    expect(() => parseFleetFault('no-will@2')).toThrow('between 0 and 1');
    expect(() => parseFleetFault('teleport')).toThrow('unknown fault');
  });

  it('gives the share of devices the fault, the same ones for the same seed', () => {
    const faults = [parseFleetFault('drop-replies@0.2')];
    const ids = Array.from({ length: 2_000 }, (_, i) => fleetDeviceId('', 'bulb', i + 1, 4));
    const chosen = (seed: number) => ids.filter((id) => devicePlan(faults, seed, id).length > 0);
    expect(chosen(3).length).toBeGreaterThan(330);
    expect(chosen(3).length).toBeLessThan(470);
    expect(chosen(3)).toEqual(chosen(3));
    expect(chosen(4)).not.toEqual(chosen(3));
    expect(devicePlan([], 3, 'bulb-0001')).toEqual([]);
  });
});
