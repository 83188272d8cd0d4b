/**
 * Whether human output may use ANSI colour. https://no-color.org: NO_COLOR present and not empty
 * turns colour off everywhere; cursor movement that redraws a progress line is not colour and
 * stays on a terminal.
 */
export function colourAllowed(env: Readonly<Record<string, string | undefined>>): boolean {
  const noColor = env.NO_COLOR;
  return noColor === undefined || noColor === '';
}
