/**
 * The keys `load` matches hub traffic by (a command's answer, a notification's content),
 * bounded in size. They are canonical JSON of what the hub or a device sent, kept until the
 * count at the end; a hub under test sending 800 notifications of 512 KiB took the load process
 * to 642 MB when each was kept whole. A key over KEPT_KEY_CHARS keeps its start (for the error
 * samples) and a SHA-256 of the whole: equal texts still give equal keys, and no canonical JSON
 * ends in `)`, so a cut key never equals a whole one.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/index.js';

export const KEPT_KEY_CHARS = 256;
const SHOWN_CHARS = 120;

export function keptKey(text: string): string {
  if (text.length <= KEPT_KEY_CHARS) return text;
  const digest = createHash('sha256').update(text).digest('hex');
  // A copy, not a slice: V8 keeps the whole text alive behind a slice of it.
  const shown = Buffer.from(text.slice(0, SHOWN_CHARS), 'utf8').toString('utf8');
  return `${shown}… (${text.length} characters, sha256 ${digest})`;
}

/** `keptKey` of the canonical JSON of `value` (iterative: safe at any depth). */
export function keptCanonical(value: unknown): string {
  return keptKey(canonicalJson(value));
}
