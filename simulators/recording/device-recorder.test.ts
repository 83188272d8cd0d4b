import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { DeviceRecorder } from './device-recorder.js';

const request = (id: number) =>
  JSON.stringify({ id, method: 'get_properties', params: [{ siid: 2, piid: 1 }] });

describe('DeviceRecorder', () => {
  it('records requests as parsed (id, method, params verbatim) with the time they arrived, and serves at once', () => {
    const clock = new ManualClock(100);
    const recorder = new DeviceRecorder({ clock });
    let served = 0;
    recorder.frameArrived(Buffer.from(request(7)), () => served++);
    expect(served).toBe(1);
    expect(recorder.received).toEqual([
      { atMs: 100, id: 7, method: 'get_properties', params: [{ siid: 2, piid: 1 }] },
    ]);
  });

  it('keeps an excerpt of a frame that is not a request, so something forwarded is never invisible', () => {
    const recorder = new DeviceRecorder({ clock: new ManualClock() });
    recorder.frameArrived('not json at all', () => undefined);
    recorder.frameArrived('[1,2]', () => undefined);
    expect(recorder.received.map((r) => [r.method, r.frame])).toEqual([
      ['', 'not json at all'],
      ['', '[1,2]'],
    ]);
  });

  it('records responses with their id, notifications and presence changes (only changes), in order', () => {
    const clock = new ManualClock(0);
    const recorder = new DeviceRecorder({ clock });
    recorder.presence(true, 'connect');
    recorder.presence(true, 'connect');
    clock.advance(5);
    recorder.sentResponse('{"id":7,"result":[]}');
    recorder.sentNotification(
      { method: 'properties_changed', params: [{ siid: 2, piid: 1, value: 3 }] },
      '{}',
    );
    recorder.sentNotification({ method: 'hello', params: { deviceId: 'x', model: 'm', fw: '1' } }, '{}');
    clock.advance(5);
    recorder.presence(false, 'abrupt');
    recorder.presence(false, 'graceful');
    expect(recorder.sent).toEqual([
      { kind: 'presence', atMs: 0, online: true, cause: 'connect' },
      { kind: 'response', atMs: 5, requestId: 7, message: { id: 7, result: [] } },
      {
        kind: 'notification',
        atMs: 5,
        method: 'properties_changed',
        params: [{ siid: 2, piid: 1, value: 3 }],
      },
      { kind: 'presence', atMs: 10, online: false, cause: 'abrupt' },
    ]);
  });

  it('silent: records the frame but never serves it; slow: serves after the delay; going offline drops what waits', () => {
    const clock = new ManualClock(0);
    const recorder = new DeviceRecorder({ clock });
    const served: number[] = [];
    recorder.setResponsiveness({ kind: 'silent' });
    recorder.frameArrived(request(1), () => served.push(1));
    recorder.setResponsiveness({ kind: 'slow', delayMs: 3_000 });
    recorder.frameArrived(request(2), () => served.push(2));
    clock.advance(2_999);
    expect(served).toEqual([]);
    clock.advance(1);
    expect(served).toEqual([2]);
    recorder.presence(true, 'connect');
    recorder.frameArrived(request(3), () => served.push(3));
    recorder.presence(false, 'abrupt');
    clock.advance(10_000);
    recorder.setResponsiveness({ kind: 'normal' });
    recorder.frameArrived(request(4), () => served.push(4));
    expect(served).toEqual([2, 4]);
    expect(recorder.received.map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });

  it('is bounded: past the record cap or the byte cap, records are counted as dropped and the arrays stop growing', () => {
    const recorder = new DeviceRecorder({ clock: new ManualClock(), maxRecords: 3 });
    for (let i = 1; i <= 10; i++)
      recorder.frameArrived(request(i), () => recorder.sentResponse(`{"id":${i},"result":[]}`));
    expect(recorder.received.length + recorder.sent.length).toBe(3);
    expect(recorder.dropped).toBe(17);
    const bytes = new DeviceRecorder({ clock: new ManualClock(), maxBytes: 1_000 });
    const big = JSON.stringify({
      id: 1,
      method: 'set_properties',
      params: [{ siid: 2, piid: 1, value: 'x'.repeat(400) }],
    });
    for (let i = 0; i < 5; i++) bytes.frameArrived(big, () => undefined);
    expect(bytes.received).toHaveLength(2);
    expect(bytes.dropped).toBe(3);
  });

  it('says from when its records are incomplete: the time of the first record dropped at the cap', () => {
    const clock = new ManualClock(100);
    const recorder = new DeviceRecorder({ clock, maxRecords: 2 });
    recorder.frameArrived(request(1), () => recorder.sentResponse('{"id":1,"result":[]}'));
    expect(recorder.incompleteFromMs).toBeUndefined();
    clock.advance(50);
    recorder.frameArrived(request(2), () => recorder.sentResponse('{"id":2,"result":[]}'));
    clock.advance(50);
    recorder.frameArrived(request(3), () => undefined);
    expect(recorder.dropped).toBe(3);
    expect(recorder.incompleteFromMs).toBe(150);
  });

  it('refuses a slow delay that is not a number of milliseconds', () => {
    const recorder = new DeviceRecorder({ clock: new ManualClock() });
    expect(() => recorder.setResponsiveness({ kind: 'slow', delayMs: Number.NaN })).toThrow(/0 ms or more/);
  });
});
