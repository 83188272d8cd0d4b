/**
 * Every bench's command line: node:util's parseArgs plus `--help` (prints the bench file's
 * opening doc comment, which is where each bench says what it measures, its goal and options)
 * and a usage error that exits 2 with the bad option named, instead of a stack trace.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The file's first `/** … *\/` block as plain text, or '' when it has none. */
export function benchUsage(benchFile: string): string {
  const source = readFileSync(benchFile, 'utf8');
  const block = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export function parseBenchArgs<T extends Options>(benchUrl: string, options: T, allowPositionals = false) {
  const file = fileURLToPath(benchUrl);
  let parsed: ReturnType<typeof parseArgs<{ options: T & typeof HELP; allowPositionals: boolean }>>;
  try {
    parsed = parseArgs({ options: { ...options, ...HELP }, allowPositionals });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nUsage: node --import tsx ${file} --help\n`);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    process.stdout.write(`${benchUsage(file)}\n`);
    process.exit(0);
  }
  return parsed;
}
