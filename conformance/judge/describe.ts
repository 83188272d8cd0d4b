/** Short renderings of codes and JSON for expected/observed texts. */
import { ENVELOPE_CODE_NAMES, ITEM_CODE_NAMES } from '../../src/protocol/index.js';

export function describeCode(code: number): string {
  const name = ITEM_CODE_NAMES[code] ?? ENVELOPE_CODE_NAMES[code];
  return name === undefined ? String(code) : `${code} (${name})`;
}

export function describeJsonKind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array ${truncate(JSON.stringify(value))}`;
  return truncate(JSON.stringify(value) ?? String(value));
}

export function truncate(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
