import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allDevicesFilter,
  controllerUsername,
  DEVICE_ID_PATTERN,
  type DeviceTopicKind,
  deviceTopics,
  isControllerUsername,
  isValidDeviceId,
  parseControllerUsername,
  parseDeviceTopic,
  parseDeviceTopicFilter,
  TOPIC_SUFFIXES,
} from './topics.js';

const deviceId = () => fc.stringMatching(DEVICE_ID_PATTERN);
const KINDS = Object.keys(TOPIC_SUFFIXES) as DeviceTopicKind[];

describe('device topics (section 5)', () => {
  it('builds the five topics under edp/1/{deviceId}/', () => {
    expect(deviceTopics('bulb-0001')).toEqual({
      state: 'edp/1/bulb-0001/state',
      model: 'edp/1/bulb-0001/model',
      rpc: 'edp/1/bulb-0001/rpc',
      rpcReply: 'edp/1/bulb-0001/rpc/reply',
      events: 'edp/1/bulb-0001/events',
    });
  });

  it('parses back every topic it builds', () => {
    fc.assert(
      fc.property(deviceId(), fc.constantFrom(...KINDS), (id, kind) => {
        expect(parseDeviceTopic(deviceTopics(id)[kind])).toEqual({ deviceId: id, kind });
      }),
    );
  });

  it('refuses invalid device ids', () => {
    for (const bad of ['ab', 'Bulb-1', '-bulb', 'bulb_1', 'bulb/1', 'bulb+', 'a'.repeat(65), '']) {
      expect(isValidDeviceId(bad), bad).toBe(false);
      expect(() => deviceTopics(bad)).toThrow(/invalid device id/);
    }
    expect(isValidDeviceId('a'.repeat(64))).toBe(true);
    expect(isValidDeviceId('0ab')).toBe(true);
  });

  it('parses nothing that is not exactly a device topic', () => {
    for (const topic of [
      'edp/1/bulb-0001',
      'edp/1/bulb-0001/rpc/reply/x',
      'edp/2/bulb-0001/state',
      'edp/1/Bulb/state',
      'edp/1/bulb-0001/reply',
      '/edp/1/bulb-0001/state',
      'edp/1/+/state',
      'edp/1/bulb-0001/#',
      'edp/1/bulb-0001/state/',
    ]) {
      expect(parseDeviceTopic(topic), topic).toBeUndefined();
    }
  });

  it('reads subscription filters: + for every device, nothing broader', () => {
    expect(allDevicesFilter('state')).toBe('edp/1/+/state');
    expect(parseDeviceTopicFilter('edp/1/+/rpc/reply')).toEqual({ deviceId: '+', kind: 'rpcReply' });
    expect(parseDeviceTopicFilter('edp/1/tv-0001/events')).toEqual({ deviceId: 'tv-0001', kind: 'events' });
    for (const filter of [
      'edp/1/#',
      'edp/1/+/#',
      'edp/1/+/+',
      'edp/+/bulb-0001/state',
      '#',
      'edp/1/+/rpc/+',
    ]) {
      expect(parseDeviceTopicFilter(filter), filter).toBeUndefined();
    }
  });
});

describe('controller usernames', () => {
  it('builds and parses controller:NAME', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/), (name) => {
        expect(parseControllerUsername(controllerUsername(name))).toBe(name);
      }),
    );
  });

  it('refuses names that could widen a topic or an ACL, and device usernames', () => {
    for (const bad of ['', 'a/b', 'a+', 'a#', 'a b', 'x'.repeat(65)]) {
      expect(() => controllerUsername(bad), bad).toThrow(/invalid controller name/);
      expect(isControllerUsername(`controller:${bad}`)).toBe(false);
    }
    expect(isControllerUsername('bulb-0001')).toBe(false);
    expect(isControllerUsername('controller:hub')).toBe(true);
    expect(parseControllerUsername('Controller:hub')).toBeUndefined();
  });
});
