import { describe, expect, it } from 'vitest';
import {
  describeMqttError,
  mqttClientOptions,
  parseMqttVersion,
  reasonCodeText,
} from './connection-options.js';

/** What MQTT.js's CONNACK handler rejects with (ErrorWithReasonCode). */
const refused = (message: string, code: number) =>
  Object.assign(new Error(`Connection refused: ${message}`), { code });

describe('MQTT connection options and reason codes', () => {
  it('names MQTT 5 reason codes in hex and MQTT 3.1.1 return codes in decimal', () => {
    expect(describeMqttError(refused('Not authorized', 0x87))).toBe('CONNACK refused 0x87 Not authorized');
    expect(describeMqttError(refused('Bad User Name or Password', 0x86))).toBe(
      'CONNACK refused 0x86 Bad User Name or Password',
    );
    expect(describeMqttError(refused('Not authorized', 5))).toBe('CONNACK refused 5 Not authorized');
    expect(reasonCodeText(0xa5)).toBe('0xa5');
  });

  it('leaves other errors as they are', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(describeMqttError(reset)).toBe('read ECONNRESET');
  });

  it('reads 4, 5, 3.1.1 and 5.0 and nothing else', () => {
    expect([4, 5, '3.1.1', '5.0', ' 5 '].map(parseMqttVersion)).toEqual([4, 5, 4, 5, 5]);
    expect([3, '6', 'five', '', undefined].map(parseMqttVersion)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(mqttClientOptions({ version: 5 })).toEqual({ protocolVersion: 5 });
  });
});
