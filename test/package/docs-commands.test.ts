/**
 * Every `fleetcert …` command shown in a shell block of README.md and docs/*.md (and in a code span
 * of their prose) exists as written:
 * its command path is one the CLI lists, each flag appears in that command's `--help`, and it
 * passes no more positional arguments than the command takes (so `fleetcert load report x` is
 * caught although `load` has a default command). Nothing is run beyond `--help`; each distinct
 * command path's help is asked for once, two processes at a time.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CommandHelp,
  commandPath,
  type DocCommand,
  extractDocCommands,
  extractInlineCommands,
  parseHelp,
  problemsOf,
} from '../support/docs-commands.js';
import { FLEETCERT_BIN } from '../support/fleetcert-cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC_FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const COMMANDS: DocCommand[] = DOC_FILES.flatMap((file) => {
  const markdown = readFileSync(join(ROOT, file), 'utf8');
  return [...extractDocCommands(file, markdown), ...extractInlineCommands(file, markdown)];
});

const run = promisify(execFile);
const HELP_CONCURRENCY = 2;

/** `fleetcert PATH --help`, each path once, at most two at a time. */
function helpSource(): (path: readonly string[]) => Promise<CommandHelp> {
  const cache = new Map<string, Promise<CommandHelp>>();
  const waiting: Array<() => void> = [];
  let running = 0;
  const slot = async () => {
    if (running >= HELP_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return (path) => {
    const key = path.join(' ');
    let help = cache.get(key);
    if (help === undefined) {
      help = (async () => {
        await slot();
        try {
          const { FLEETCERT_TOKEN: _ignored, ...env } = process.env;
          const { stdout } = await run(process.execPath, [FLEETCERT_BIN, ...path, '--help'], {
            cwd: ROOT,
            env,
            maxBuffer: 4 * 1024 * 1024,
          });
          return parseHelp(path, stdout);
        } finally {
          release();
        }
      })();
      cache.set(key, help);
    }
    return help;
  };
}

async function check(command: DocCommand, helpOf: (path: readonly string[]) => Promise<CommandHelp>) {
  const { path, rest } = await commandPath(command.args, helpOf);
  if (path.length === 0) return [`fleetcert has no command ${JSON.stringify(command.args[0] ?? '')}`];
  return problemsOf(path, rest, await helpOf(path));
}

describe('fleetcert commands in README.md and docs/*.md', () => {
  const problems = new Map<DocCommand, string[]>();

  beforeAll(async () => {
    const helpOf = helpSource();
    await Promise.all(
      COMMANDS.map(async (command) => {
        problems.set(command, await check(command, helpOf));
      }),
    );
  }, 600_000);

  it('finds the commands of README and of every doc that shows commands', () => {
    const files = new Set(COMMANDS.map((c) => c.where.split(':')[0]));
    for (const file of [
      'README.md',
      'docs/certification.md',
      'docs/load.md',
      'docs/simulators.md',
      'docs/reports.md',
    ])
      expect(files).toContain(file);
    expect(COMMANDS.length).toBeGreaterThan(100);
  });

  it.each(COMMANDS.map((c) => [c.where, c.text, c] as const))('%s: %s', (_where, _text, command) => {
    expect(problems.get(command)).toEqual([]);
  });
});

/** A help text shaped as yargs prints it, for the checker's own tests. */
const LOAD_HELP = `fleetcert load

Load-test a cloud

Commands:
  fleetcert load merge <results..>  Merge shard results
  fleetcert load <scenario>         Run a load scenario                              [default]

Options:
  -h, --help              Show help                                                [boolean]
      --hub               Load a hub that already runs (ws://HOST:PORT/edp/1/hub); needs
                          --hub-config                                              [string]
      --set               Override any scenario key                                  [array]
      --result-to-stdout  Also print the result                   [boolean] [default: false]
      --out               Where it goes                [string] [default: "fleetcert-load-report"]
`;

describe('the docs command checker', () => {
  const help = parseHelp(['load'], LOAD_HELP);

  it('reads subcommands, options with their arity and the default command positionals', () => {
    expect([...help.subcommands]).toEqual(['merge']);
    expect(help.maxPositionals).toBe(1);
    expect(help.options.get('--hub')).toEqual({ takesValue: true, array: false });
    expect(help.options.get('--result-to-stdout')).toEqual({ takesValue: false, array: false });
    expect(help.options.get('--set')).toEqual({ takesValue: true, array: true });
    expect(help.options.has('--hub-config')).toBe(false);
  });

  it('accepts a command as its help describes it', () => {
    expect(
      problemsOf(['load'], ['s.yaml', '--set', 'a=1', 'b=2', '--out', 'x', '--result-to-stdout'], help),
    ).toEqual([]);
    expect(problemsOf(['load'], ['--out=x', 's.yaml', '-h'], help)).toEqual([]);
  });

  it('names an option the command does not have', () => {
    expect(problemsOf(['load'], ['s.yaml', '--outdir', 'x'], help)).toEqual([
      'fleetcert load has no option --outdir',
    ]);
  });

  it('names a word that is neither a subcommand nor a positional the command takes', () => {
    const found = problemsOf(['load'], ['report', 'shard-0/load-result.json'], help);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('"shard-0/load-result.json" is not a command of fleetcert load');
    // A boolean flag takes no value, so the word after it is a positional.
    expect(problemsOf(['load'], ['--result-to-stdout', 'a.yaml', 'b.yaml'], help)).toHaveLength(1);
  });

  it('extracts commands from shell blocks only, joining continuation lines and skipping env and npx', () => {
    const markdown = [
      '```sh',
      'FLEETCERT_TOKEN=… npx fleetcert certify --ws ws://h/edp/1 \\',
      '  --device-id tv-0001   # a comment --not-a-flag',
      'fleetcert broker --token T & fleetcert simulate --type bulb --token "$T"',
      'kubectl logs x > shards.log',
      '```',
      '```text',
      'fleetcert: hub failed',
      '```',
      'fleetcert outside any block',
    ].join('\n');
    const found = extractDocCommands('x.md', markdown);
    expect(found.map((c) => [c.where, c.args])).toEqual([
      ['x.md:2', ['certify', '--ws', 'ws://h/edp/1', '--device-id', 'tv-0001']],
      ['x.md:4', ['broker', '--token', 'T']],
      ['x.md:4', ['simulate', '--type', 'bulb', '--token', '$T']],
    ]);
  });

  it('extracts code spans of prose, across a line break, dropping `…` and skipping blocks', () => {
    const markdown = [
      'Run `fleetcert hub --seed',
      '  N` or `fleetcert simulate … --fault NAME`; `npx fleetcert …` is no command.',
      '```sh',
      'echo `fleetcert broker`',
      '```',
    ].join('\n');
    expect(extractInlineCommands('y.md', markdown).map((c) => [c.where, c.args])).toEqual([
      ['y.md:1', ['hub', '--seed', 'N']],
      ['y.md:2', ['simulate', '--fault', 'NAME']],
    ]);
  });
});
