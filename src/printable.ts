/**
 * Text that came from a device or a file (device ids, model ids, messages, usernames), made
 * safe to print: C0 and C1 control characters, DEL and the Unicode line and bidi controls are
 * escaped (`\r`, `\u001b`), so a device id holding `\r` or an ANSI sequence cannot rewrite the
 * verdict line on a terminal; long text is cut to a bound, saying how long it was.
 * Logs need only `truncate`: pino writes JSON, which escapes control characters already.
 */

// C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides and isolates.
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character written as an escape; printable text is unchanged. */
export function escapeControl(text: string): string {
  return text.replace(
    CONTROL,
    (char) => NAMED[char] ?? `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** At most `max` characters of `text`, then `… (N characters)` when it was longer. */
export function truncate(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** For a terminal: truncated, then control characters escaped. */
export function printable(text: string, max = 200): string {
  return escapeControl(truncate(text, max));
}

/** Multi-line text (an error listing problems): each line escaped, the line breaks kept. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}
