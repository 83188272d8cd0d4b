/**
 * A counterexample's trace as the rows of a message sequence chart: harness → device for what
 * the harness sent, device → harness for what it received, notes on the harness lifeline.
 */
import { type Counterexample, HUB_PARTY, type TraceEntry } from '../../src/result/index.js';
import { formatJsonLine, formatMilliseconds, formatOffset, truncate } from './format.js';
import { propertyItemsText } from './property-items.js';
import type { SequenceRow } from './report-model.js';

/** Messages longer than this are cut in the chart; the embedded JSON keeps them whole. */
const MAX_MESSAGE_CHARS = 600;

const DIRECTION_TEXT: Readonly<Record<TraceEntry['direction'], string>> = {
  sent: 'harness → device',
  received: 'device → harness',
  note: '',
};

/**
 * Who sent it to whom, in words: `harness → device` in a device run; in a hub run an app
 * connection or a device talks to the hub (`app-a#1 → hub`, `hub → bulb-0001`).
 */
export function directionText(entry: TraceEntry, forNote = ''): string {
  const { party } = entry;
  if (party === undefined) return entry.direction === 'note' ? forNote : DIRECTION_TEXT[entry.direction];
  if (entry.direction === 'note') return forNote === '' ? '' : `${party} note`;
  if (party === HUB_PARTY) return entry.direction === 'sent' ? 'hub →' : '→ hub';
  return entry.direction === 'sent' ? `${party} → ${HUB_PARTY}` : `${HUB_PARTY} → ${party}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A scannable title: the method for requests and notifications, `result`/`error` with the id for responses. */
export function messageTitle(entry: TraceEntry): string {
  const message = entry.message;
  if (entry.direction === 'note') return 'note';
  if (!isRecord(message)) return typeof message === 'string' ? 'raw text' : 'message';
  const id = typeof message.id === 'number' || typeof message.id === 'string' ? ` #${message.id}` : '';
  if (typeof message.method === 'string') return `${message.method}${id}`;
  if ('error' in message) {
    const code = isRecord(message.error) ? message.error.code : undefined;
    return `error${typeof code === 'number' ? ` ${code}` : ''}${id}`;
  }
  if ('result' in message) return `result${id}`;
  return `message${id}`;
}

function messageText(entry: TraceEntry): string {
  const { message } = entry;
  const text = typeof message === 'string' ? message : formatJsonLine(message);
  return truncate(text, MAX_MESSAGE_CHARS);
}

/** `propertyNames`: the device's (DeviceSubject.propertyNames), to name the properties in its messages. */
export function buildSequenceRows(
  counterexample: Counterexample,
  propertyNames?: Readonly<Record<string, string>>,
): SequenceRow[] {
  const start = counterexample.trace.reduce(
    (min, entry) => Math.min(min, entry.atMs),
    Number.POSITIVE_INFINITY,
  );
  return counterexample.trace.map((entry, index) => {
    const flagged = entry.expected !== undefined || entry.observed !== undefined;
    const classes = ['msc-row', `msc-row--${entry.direction}`];
    if (flagged) classes.push('msc-row--flagged');
    return {
      step: index + 1,
      offset: formatOffset(entry.atMs - start),
      absolute: `t = ${formatMilliseconds(entry.atMs)}`,
      direction: directionText(entry),
      className: classes.join(' '),
      title: messageTitle(entry),
      // A note's channel is the harness itself; naming it again says nothing.
      channel: entry.direction === 'note' && entry.channel === 'harness' ? '' : entry.channel,
      text: messageText(entry),
      properties: entry.direction === 'note' ? null : propertyItemsText(entry.message, propertyNames),
      flagged,
      expected: entry.expected ?? null,
      observed: entry.observed ?? null,
    };
  });
}
