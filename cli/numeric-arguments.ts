/**
 * yargs turns `--runs abc` into NaN and lets the command say "got NaN". This check runs before
 * any command sees its arguments and names the flag and the text as typed.
 */

/** Numeric options that take fractions; every other numeric option counts things. */
const FRACTIONAL_OPTIONS: ReadonlySet<string> = new Set(['telemetry', 'time-scale']);

/** The first numeric option given text that is not a number, as a message; undefined when none. */
export function notANumberProblem(
  args: Readonly<Record<string, unknown>>,
  argv: readonly string[],
): string | undefined {
  for (const [key, value] of Object.entries(args)) {
    if (key.length < 2 || /[A-Z]/.test(key)) continue; // yargs' camelCase twin of a kebab-case key
    const values = Array.isArray(value) ? value : [value];
    if (!values.some((item) => typeof item === 'number' && Number.isNaN(item))) continue;
    const typed = typedText(key, argv);
    const kind = FRACTIONAL_OPTIONS.has(key) ? 'a number' : 'a whole number';
    return `--${key} must be ${kind}, got ${typed === undefined ? 'no number' : JSON.stringify(typed)}`;
  }
  return undefined;
}

/** What followed `--key` (or `--key=`) on the command line that is not a number. */
function typedText(key: string, argv: readonly string[]): string | undefined {
  for (const [index, word] of argv.entries()) {
    if (word.startsWith(`--${key}=`)) {
      const text = word.slice(key.length + 3);
      if (Number.isNaN(Number(text)) || text.trim() === '') return text;
    } else if (word === `--${key}`) {
      const text = argv[index + 1];
      if (text === undefined || Number.isNaN(Number(text)) || text.trim() === '') return text;
    }
  }
  return undefined;
}
