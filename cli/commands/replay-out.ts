/**
 * Where a printed replay command writes its report: a folder of its own under the run's --out, so
 * running it never replaces the certification report it came from (partner 3, item 1).
 */

import { join } from 'node:path';
import { DEFAULT_REPORT_DIR } from '../../reports/index.js';

/** `--out OUT/replay-RULE`, quoted for a POSIX shell when the path needs it. */
export function replayOutOption(runOut: string | undefined, rule: string): string {
  return `--out ${shellWord(join(runOut ?? DEFAULT_REPORT_DIR, `replay-${rule}`))}`;
}

/** One shell word: left bare when safe, else single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9._:@%+=,/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * `--out` given twice (a printed replay with the caller's own `--out` after it, as a partner's
 * script adds one) keeps the last, as for any option a shell user repeats.
 */
export function lastOut(value: string | readonly string[]): string {
  return typeof value === 'string' ? value : (value.at(-1) ?? '');
}
