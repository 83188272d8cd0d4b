/**
 * Drives an installed or assembled fleetcert (not this checkout's sources) through every command
 * its own `--help` lists: for the package-install and container-image tests. The command list is
 * read from the help output, never repeated by hand, so a new command is covered when added.
 */
import { spawn } from 'node:child_process';

export interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command ...args` with the test runner's FLEETCERT_FROM_SOURCES and token removed. */
export function runProgram(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CliOutcome> {
  const { FLEETCERT_FROM_SOURCES: _sources, FLEETCERT_TOKEN: _token, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...inherited, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    // A hang is reported as a failure with what was printed, not as a test timeout.
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The literal command words of the `Commands:` section of a yargs help text. */
export function listedCommands(help: string): string[][] {
  const section = /^Commands:\n([\s\S]*?)(?:\n\n|(?![\s\S]))/m.exec(help)?.[1] ?? '';
  const commands: string[][] = [];
  for (const line of section.split('\n')) {
    const match = /^ {2}fleetcert ((?:[a-z][\w-]* ?)+)/.exec(line);
    if (match) commands.push(match[1]!.trim().split(' '));
  }
  return commands;
}

/**
 * Every command path (`[]` for the top level, `['certify', 'hub']`, …) with its help outcome,
 * found by walking the `Commands:` sections from the top-level `--help` down.
 */
export async function helpOfEveryCommand(
  run: (args: readonly string[]) => Promise<CliOutcome>,
): Promise<Map<string, CliOutcome>> {
  const seen = new Map<string, CliOutcome>();
  const queue: string[][] = [[]];
  while (queue.length > 0) {
    const path = queue.shift()!;
    const key = path.join(' ');
    if (seen.has(key)) continue;
    const outcome = await run([...path, '--help']);
    seen.set(key, outcome);
    for (const command of listedCommands(outcome.stdout)) {
      if (command.join(' ') !== key) queue.push(command);
    }
  }
  return seen;
}
