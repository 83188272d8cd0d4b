/** The hub's view of devices (section 8 discovery): presence is reported only when the view changes (EDP-HUB-4). */
import { describe, expect, it } from 'vitest';
import { DeviceDirectory } from './directory.js';

function directory() {
  const dir = new DeviceDirectory({ wsDeviceIds: ['tv-0001'], namedDeviceIds: ['bulb-0001', 'tv-0001'] });
  const changes: [string, boolean][] = [];
  dir.listen({ presenceChanged: (id, online) => changes.push([id, online]) });
  return { dir, changes };
}

describe('DeviceDirectory', () => {
  it('knows configured devices before they are seen: offline, model null, sorted', () => {
    const { dir } = directory();
    expect(dir.ids()).toEqual(['bulb-0001', 'tv-0001']);
    expect(dir.view('bulb-0001')).toEqual({
      deviceId: 'bulb-0001',
      binding: 'mqtt',
      online: false,
      model: null,
    });
    expect(dir.view('tv-0001')?.binding).toBe('ws');
    expect(dir.knows('ghost-0001')).toBe(false);
  });

  it('reports a change only when the online state flips, and keeps the last model', () => {
    const { dir, changes } = directory();
    dir.online('bulb-0001', 'mqtt', 'm1');
    dir.online('bulb-0001', 'mqtt', 'm2');
    dir.offline('bulb-0001', 'mqtt');
    dir.offline('bulb-0001', 'mqtt');
    dir.online('new-0001', 'mqtt', undefined);
    expect(changes).toEqual([
      ['bulb-0001', true],
      ['bulb-0001', false],
      ['new-0001', true],
    ]);
    expect(dir.view('bulb-0001')).toMatchObject({ online: false, model: 'm2' });
    expect(dir.view('new-0001')).toMatchObject({ online: true, model: null });
  });

  it('learns a device first seen offline without reporting a change', () => {
    const { dir, changes } = directory();
    dir.offline('gone-0001', 'mqtt');
    expect(dir.knows('gone-0001')).toBe(true);
    expect(changes).toEqual([]);
  });

  it('reaches a ws_devices id over WebSocket only', () => {
    const { dir, changes } = directory();
    dir.online('tv-0001', 'mqtt', 'fake');
    expect(dir.isOnline('tv-0001')).toBe(false);
    dir.online('tv-0001', 'ws', 'fleetcert.tv.v1');
    expect(changes).toEqual([['tv-0001', true]]);
  });
});
