/**
 * `--hub-command "CMD ARGS"` into an argument vector, without a shell. Quotes and backslashes
 * group words as a POSIX shell would (shell-quote); nothing is expanded: `$VAR`, `~` and globs
 * stay literal, and pipes, redirections, `;`, `&&` and comments are refused, so a command line
 * from a CI variable can never run anything but the one program it names. A hub that needs a
 * shell is started through a script (`--hub-command "./start-hub.sh"`).
 */
import { parse } from 'shell-quote';
import { UsageError } from '../../src/errors.js';

export function splitHubCommand(text: string): string[] {
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
