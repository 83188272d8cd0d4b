/**
 * The `fleetcert …` command lines that README.md and docs/*.md show in shell code blocks, and a
 * `--help`-level check of one against the CLI's own help text: the command path exists, every
 * flag is one that command lists, and there are no more positional arguments than it takes.
 * Pure: the caller supplies the help texts (test/package/docs-commands.test.ts gets them from the CLI).
 */
import { parse } from 'shell-quote';

/** One command line of the docs, as a partner would paste it. */
export interface DocCommand {
  /** `docs/load.md:10` (the line the command starts on). */
  readonly where: string;
  /** The line as written (continuations joined). */
  readonly text: string;
  /** The words after `fleetcert`, quotes removed, `$VAR` kept as written. */
  readonly args: readonly string[];
}

const SHELL_FENCES = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

/** Every `fleetcert …` / `npx fleetcert …` command in the shell code blocks of `markdown`. */
export function extractDocCommands(file: string, markdown: string): DocCommand[] {
  const lines = markdown.split('\n');
  const commands: DocCommand[] = [];
  let fence: { marker: string; shell: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const opening = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (fence === undefined) {
      if (opening)
        fence = { marker: opening[1] ?? '```', shell: SHELL_FENCES.has((opening[2] ?? '').toLowerCase()) };
      continue;
    }
    if (line.trim().startsWith(fence.marker)) {
      fence = undefined;
      continue;
    }
    if (!fence.shell) continue;
    const start = i;
    let text = line.trim().replace(/^\$\s+/, '');
    while (text.endsWith('\\') && i + 1 < lines.length) {
      i++;
      text = `${text.slice(0, -1).trimEnd()} ${(lines[i] ?? '').trim()}`;
    }
    for (const args of fleetcertInvocations(text))
      commands.push({ where: `${file}:${start + 1}`, text, args });
  }
  return commands;
}

/**
 * Every `` `fleetcert …` `` code span outside code blocks (`fleetcert hub --config FILE` in a
 * sentence). A `…` stands for "the rest of the command" and is dropped; a span that is nothing
 * but `fleetcert …` names no command and is skipped.
 */
export function extractInlineCommands(file: string, markdown: string): DocCommand[] {
  // Blank the code blocks, keeping their lines, so offsets still give line numbers.
  const prose = markdown.replace(/^(\s*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s*\2[^\n]*$/gm, (block) =>
    block.replace(/[^\n]/g, ' '),
  );
  const commands: DocCommand[] = [];
  for (const match of prose.matchAll(/(?<!`)`((?:npx )?fleetcert [^`]+)`(?!`)/g)) {
    const text = (match[1] ?? '').replace(/\s+/g, ' ').trim();
    const line = prose.slice(0, match.index).split('\n').length;
    for (const args of fleetcertInvocations(text)) {
      const meant = args.filter((word) => word !== '…' && word !== '...');
      if (meant.length > 0) commands.push({ where: `${file}:${line}`, text, args: meant });
    }
  }
  return commands;
}

/** The argument lists of every `fleetcert` invocation in one shell line (`a && b`, `x &`, `a | b`). */
function fleetcertInvocations(line: string): string[][] {
  // `$VAR` stays `$VAR`: a placeholder like any other value.
  const tokens = parse(line, (name) => `$${name}`);
  const segments: string[][] = [[]];
  for (const token of tokens) {
    if (typeof token === 'string') segments[segments.length - 1]?.push(token);
    else if ('comment' in token) break;
    else if ('op' in token && token.op === 'glob') segments[segments.length - 1]?.push(token.pattern);
    else segments.push([]);
  }
  const invocations: string[][] = [];
  for (const words of segments) {
    let k = 0;
    while (k < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k] ?? '')) k++;
    if (words[k] === 'npx') k++;
    if (words[k] === 'fleetcert') invocations.push(words.slice(k + 1));
  }
  return invocations;
}

/** What one command's `--help` says about its interface. */
export interface CommandHelp {
  /** Names of the subcommands listed under "Commands:". */
  readonly subcommands: ReadonlySet<string>;
  /** Every option, `--name` → whether it takes a value (anything but [boolean] / [count]). */
  readonly options: ReadonlyMap<string, { readonly takesValue: boolean; readonly array: boolean }>;
  /** How many positionals the command (or its default subcommand) takes; Infinity for `<x..>`. */
  readonly maxPositionals: number;
}

/** Reads a yargs help text of the command `path` (e.g. `['load']`). */
export function parseHelp(path: readonly string[], help: string): CommandHelp {
  const lines = help.split('\n');
  const prefix = ['fleetcert', ...path].join(' ');
  const subcommands = new Set<string>();
  const options = new Map<string, { takesValue: boolean; array: boolean }>();
  let section = '';
  let defaultSpec: string | undefined;
  let lastListed: string | undefined;
  let current: { names: string[]; text: string } | undefined;
  const flushOption = () => {
    if (!current) return;
    const type = /\[(boolean|string|number|array|count)\]/.exec(current.text)?.[1] ?? 'string';
    for (const name of current.names)
      options.set(name, { takesValue: type !== 'boolean' && type !== 'count', array: type === 'array' });
    current = undefined;
  };
  for (const line of lines) {
    const header = /^([A-Z][A-Za-z ]*):\s*$/.exec(line);
    if (header) {
      flushOption();
      section = header[1] ?? '';
      continue;
    }
    if (section === 'Commands') {
      const listed = line.trim();
      if (listed.startsWith(`${prefix} `)) {
        const rest = listed.slice(prefix.length + 1);
        const word = rest.split(/\s+/)[0] ?? '';
        if (/^[a-z][\w-]*$/.test(word)) subcommands.add(word);
        lastListed = rest.split(/\s{2,}/)[0];
      }
      // `[default]` ends the entry, often on a wrapped line of its own.
      if (/\[default\]\s*$/.test(listed)) defaultSpec = lastListed;
    } else if (section === 'Options') {
      // Option names start in the first columns; a wrapped description that begins with a flag
      // is indented much further.
      const start = /^\s{2,8}((?:-{1,2}[\w-]+(?:, )?)+)(\s|$)/.exec(line);
      if (start) {
        flushOption();
        current = { names: (start[1] ?? '').split(',').map((n) => n.trim()), text: line };
      } else if (current) current.text += ` ${line}`;
    }
  }
  flushOption();
  const usage = (lines[0] ?? '').startsWith(prefix) ? (lines[0] ?? '').slice(prefix.length) : '';
  return {
    subcommands,
    options,
    maxPositionals: positionalsOf(usage.trim() !== '' ? usage : (defaultSpec ?? '')),
  };
}

function positionalsOf(spec: string): number {
  // Alternatives of options in parentheses and `[options]` are not positionals.
  const words = spec.replace(/\([^)]*\)/g, ' ').match(/<[^>]+>|\[[^\]]+\]/g) ?? [];
  let count = 0;
  for (const word of words) {
    if (word === '[options]') continue;
    if (word.includes('..')) return Number.POSITIVE_INFINITY;
    count++;
  }
  return count;
}

/**
 * Splits `args` into the command path (words that name subcommands, level by level) and the
 * rest. `helpOf` answers the help of a path already known to exist.
 */
export async function commandPath(
  args: readonly string[],
  helpOf: (path: readonly string[]) => Promise<CommandHelp>,
): Promise<{ path: string[]; rest: string[] }> {
  const path: string[] = [];
  let k = 0;
  while (k < args.length) {
    const word = args[k] ?? '';
    const help = await helpOf(path);
    if (!help.subcommands.has(word)) break;
    path.push(word);
    k++;
  }
  return { path, rest: args.slice(k) };
}

/** What is wrong with `rest` for the command whose help is `help` (empty when nothing is). */
export function problemsOf(path: readonly string[], rest: readonly string[], help: CommandHelp): string[] {
  const problems: string[] = [];
  const command = ['fleetcert', ...path].join(' ');
  const positionals: string[] = [];
  for (let k = 0; k < rest.length; k++) {
    const word = rest[k] ?? '';
    if (word === '--') {
      positionals.push(...rest.slice(k + 1));
      break;
    }
    if (!/^-[A-Za-z-]/.test(word)) {
      positionals.push(word);
      continue;
    }
    const [flag = word, inline] = word.split(/=(.*)/s);
    const option = help.options.get(flag) ?? help.options.get(flag.replace(/^--no-/, '--'));
    if (option === undefined) {
      problems.push(`${command} has no option ${flag}`);
      // Its value, if it has one, is not a positional.
      if (inline === undefined && k + 1 < rest.length && !/^-[A-Za-z-]/.test(rest[k + 1] ?? '')) k++;
      continue;
    }
    if (!option.takesValue || inline !== undefined) continue;
    if (option.array) {
      while (k + 1 < rest.length && !/^-[A-Za-z-]/.test(rest[k + 1] ?? '')) k++;
    } else if (k + 1 < rest.length && !/^-[A-Za-z-]/.test(rest[k + 1] ?? '')) k++;
  }
  if (positionals.length > help.maxPositionals) {
    const word = positionals[help.maxPositionals] ?? '';
    const expected = help.subcommands.size > 0 ? ` (its commands: ${[...help.subcommands].join(', ')})` : '';
    problems.push(
      `${command} takes ${help.maxPositionals} positional argument(s), got ${positionals.length}: ${JSON.stringify(word)} is not a command of ${command}${expected}`,
    );
  }
  return problems;
}
