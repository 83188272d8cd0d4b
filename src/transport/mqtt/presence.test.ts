import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodePresence,
  OFFLINE_PRESENCE,
  onlinePresence,
  parsePresence,
  presenceProblem,
} from './presence.js';

describe('presence payloads (EDP-MQTT-1)', () => {
  it('round-trips online and offline presence, as text and bytes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.boolean(),
        (model, fw, online) => {
          const presence = online ? onlinePresence(model, fw) : OFFLINE_PRESENCE;
          const text = encodePresence(presence);
          expect(parsePresence(text)).toEqual(presence);
          expect(parsePresence(new TextEncoder().encode(text))).toEqual(presence);
        },
      ),
    );
  });

  it('writes the exact payloads of section 5', () => {
    expect(encodePresence(OFFLINE_PRESENCE)).toBe('{"online":false}');
    expect(encodePresence(onlinePresence('fleetcert.bulb.v1', '1.2.0'))).toBe(
      '{"online":true,"model":"fleetcert.bulb.v1","fw":"1.2.0"}',
    );
  });

  it('ignores members it does not name, and drops model/fw from offline presence', () => {
    expect(parsePresence('{"online":false,"model":"m","since":1}')).toEqual({ online: false });
    expect(parsePresence('{"online":true,"model":"m","fw":"1","x":[]}')).toEqual({
      online: true,
      model: 'm',
      fw: '1',
    });
  });

  it('says what is wrong with a bad payload', () => {
    expect(presenceProblem('')).toMatch(/empty/);
    expect(presenceProblem(new Uint8Array())).toMatch(/empty/);
    expect(presenceProblem('online')).toMatch(/not a JSON message/);
    expect(presenceProblem('[]')).toMatch(/must be a JSON object/);
    expect(presenceProblem('{"online":"true"}')).toMatch(/"online": true or false/);
    expect(presenceProblem('{"online":true,"fw":"1"}')).toMatch(/"model"/);
    expect(presenceProblem('{"online":true,"model":"m","fw":1}')).toMatch(/"fw"/);
    expect(presenceProblem('{"online":true,"model":"m","fw":"1"}')).toBeUndefined();
    expect(parsePresence('{"online":1}')).toBeUndefined();
  });

  it('never throws on arbitrary payloads', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array(), fc.string({ unit: 'binary' })), (payload) => {
        const presence = parsePresence(payload);
        expect(presence === undefined || typeof presence.online === 'boolean').toBe(true);
      }),
    );
  });
});
