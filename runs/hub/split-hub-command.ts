/**
 * `--hub-command "CMD ARGS"` into an argument vector, without a shell. Quotes and backslashes
 * group words as a POSIX shell would (shell-quote); nothing is expanded: `$VAR`, `~` and globs
 * stay literal, and pipes, redirections, `;`, `&&` and comments are refused, so a command line
 * from a CI variable can never run anything but the one program it names. A hub that needs a
 * shell is started through a script (`--hub-command "./start-hub.sh"`).
 */
import { parse } from 'shell-quote';
import { UsageError } from '../../src/index.js';

export function splitHubCommand(text: string): string[] {
  // shell-quote closes an unterminated quote silently (`./hub "--x` ran `./hub --x`): a shell would refuse it.
  const open = unterminatedQuote(text);
  if (open !== undefined)
    throw new UsageError(
      `--hub-command ${JSON.stringify(text)} ${open === '\\' ? 'ends with a lone backslash' : `opens a ${open === '"' ? 'double' : 'single'} quote it never closes`}: close it, as a shell would need`,
    );
  // The env function keeps `$NAME` as written instead of expanding it.
  const tokens = parse(text, (name) => `$${name}`);
  const words: string[] = [];
  for (const token of tokens) {
    if (typeof token === 'string') {
      words.push(token);
      continue;
    }
    const what =
      'op' in token ? (token.op === 'glob' ? `the glob ${token.pattern}` : `"${token.op}"`) : 'a comment';
    throw new UsageError(
      `--hub-command ${JSON.stringify(text)} contains ${what}: the hub command runs without a shell, as one program and its arguments. Put pipes, redirections or several commands in a script and name the script.`,
    );
  }
  if (words.length === 0)
    throw new UsageError(
      '--hub-command is empty: name the program that starts your hub, e.g. --hub-command "./my-hub --verbose"',
    );
  return words;
}

/** The quote left open at the end of `text` (POSIX shell rules), `\\` for a trailing backslash, or undefined. */
export function unterminatedQuote(text: string): '"' | "'" | '\\' | undefined {
  let quote: '"' | "'" | undefined;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (quote === "'") {
      if (char === "'") quote = undefined;
    } else if (char === '\\') {
      if (at === text.length - 1) return quote ?? '\\';
      at++;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
  }
  return quote;
}
