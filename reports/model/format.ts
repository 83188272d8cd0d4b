/**
 * Text formatting for reports. Deliberately locale-free (no toLocaleString, no time zone but
 * UTC): the same result must render to the same bytes on every machine, or `report verify`
 * could not re-render a page to check it.
 */

/** `1234567` → `1,234,567`. */
export function formatInteger(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fixed(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** A duration for people: `0.4 ms`, `12 ms`, `1.24 s`, `12.4 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10) return `${fixed(ms, 1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${fixed(seconds, 2)} s`;
  if (seconds < 60) return `${fixed(seconds, 1)} s`;
  const totalSeconds = Math.round(seconds);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  }
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${String(totalMinutes % 60).padStart(2, '0')} min`;
}

/** A latency: one decimal below 100 ms (`3.2 ms`), whole milliseconds above, seconds past 10 s. */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 100) return `${fixed(ms, 1)} ms`;
  if (ms < 10_000) return `${formatInteger(ms)} ms`;
  return formatDuration(ms);
}

/** Milliseconds with one decimal and thousands separators: `1,204.5 ms`. */
export function formatMilliseconds(ms: number): string {
  const tenths = Math.round(Math.abs(ms) * 10);
  const sign = ms < 0 && tenths > 0 ? '-' : '';
  return `${sign}${formatInteger(Math.floor(tenths / 10))}.${tenths % 10} ms`;
}

/** An offset inside a message sequence: `+0.0 ms`, `+12.5 ms`, `+1,204.0 ms`. */
export function formatOffset(ms: number): string {
  return `+${formatMilliseconds(ms)}`;
}

/** `2025-05-14T09:12:03.120Z` → `2025-05-14 09:12:03 UTC`; anything unparseable is shown as given. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `count` of `noun`, pluralised with an `s`: `1 requirement`, `3 requirements`. */
export function plural(count: number, noun: string): string {
  return `${formatInteger(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** A list in prose: `A`, `A and B`, `A, B and C`. */
export function listInProse(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Members of EDP/1 messages in the order PROTOCOL.md writes them; others follow by code unit.
 * A message is shown in this order whatever order it arrived in, so a page depends only on the
 * result's data, and a page re-rendered from the canonical JSON it embeds is the same page.
 */
const MEMBER_ORDER = [
  'id',
  'method',
  'params',
  'result',
  'error',
  'deviceId',
  'siid',
  'piid',
  'aiid',
  'eiid',
  'code',
  'value',
  'in',
  'out',
  'arguments',
  'message',
];

function memberRank(key: string): number {
  const rank = MEMBER_ORDER.indexOf(key);
  return rank === -1 ? MEMBER_ORDER.length : rank;
}

function compareMembers(a: string, b: string): number {
  return memberRank(a) - memberRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * One-line JSON with a space after `:` and `,` for reading, members in protocol order; strings
 * keep JSON escaping so a control character in a device's message stays visible.
 */
export function formatJsonLine(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map((item) => formatJsonLine(item ?? null)).join(', ')}]`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareMembers(a, b))
    .map(([k, v]) => `${JSON.stringify(k)}: ${formatJsonLine(v)}`);
  return `{${members.join(', ')}}`;
}

/** Cut `text` to `max` characters with a note of how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)} … (${formatInteger(text.length - max)} more characters)`;
}

/** A run of text, in code type when the source wrote it between backticks. */
export interface TextPart {
  readonly text: string;
  readonly code: boolean;
}

/** `has \`result\` or \`error\`` → text and code parts, so templates can set code without parsing. */
export function inlineCode(text: string): TextPart[] {
  return text
    .split(/`([^`]+)`/)
    .map((part, index) => ({ text: part, code: index % 2 === 1 }))
    .filter((part) => part.text !== '');
}
