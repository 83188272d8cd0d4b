import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reverseMemberOrder } from '../../test/support/reports/fixtures.js';
import {
  formatDuration,
  formatInteger,
  formatJsonLine,
  formatLatency,
  formatOffset,
  formatTimestamp,
  inlineCode,
  listInProse,
  truncate,
} from './format.js';

describe('report formatting', () => {
  it('groups thousands without a locale', () => {
    expect(formatInteger(0)).toBe('0');
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(1000)).toBe('1,000');
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(-4005)).toBe('-4,005');
  });

  it('formats durations for people', () => {
    expect(formatDuration(0.42)).toBe('0.4 ms');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1240)).toBe('1.24 s');
    expect(formatDuration(12_400)).toBe('12.4 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('formats latencies and sequence offsets with one decimal', () => {
    expect(formatLatency(3.44)).toBe('3.4 ms');
    expect(formatLatency(1840)).toBe('1,840 ms');
    expect(formatOffset(0)).toBe('+0.0 ms');
    expect(formatOffset(1204.96)).toBe('+1,205.0 ms');
    expect(formatOffset(4.54)).toBe('+4.5 ms');
  });

  it('shows timestamps in UTC whatever the machine zone, and unparseable ones as given', () => {
    expect(formatTimestamp('2025-06-03T09:14:07.512Z')).toBe('2025-06-03 09:14:07 UTC');
    expect(formatTimestamp('2025-06-03T11:14:07+02:00')).toBe('2025-06-03 09:14:07 UTC');
    expect(formatTimestamp('yesterday')).toBe('yesterday');
  });

  it('lists in prose and truncates with a count', () => {
    expect(listInProse(['EDP-PROP-4'])).toBe('EDP-PROP-4');
    expect(listInProse(['A', 'B', 'C'])).toBe('A, B and C');
    expect(truncate('abcdef', 3)).toBe('abc … (3 more characters)');
  });

  it('splits backtick spans out as code', () => {
    expect(inlineCode('has `result` or `error`, never both.')).toEqual([
      { text: 'has ', code: false },
      { text: 'result', code: true },
      { text: ' or ', code: false },
      { text: 'error', code: true },
      { text: ', never both.', code: false },
    ]);
    expect(inlineCode('no code, one ` tick')).toEqual([{ text: 'no code, one ` tick', code: false }]);
  });

  it('writes EDP/1 messages with members in protocol order', () => {
    expect(formatJsonLine({ result: [{ value: 50, code: 0, piid: 2, siid: 2 }], id: 17 })).toBe(
      '{"id": 17, "result": [{"siid": 2, "piid": 2, "code": 0, "value": 50}]}',
    );
    expect(formatJsonLine('not json')).toBe('"not json"');
  });

  it('shows the same message the same way whatever order its members arrived in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(formatJsonLine(reverseMemberOrder(value))).toBe(formatJsonLine(value));
      }),
    );
  });

  it('keeps one-line JSON parseable to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(formatJsonLine(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
