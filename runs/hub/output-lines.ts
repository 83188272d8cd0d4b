/**
 * The last lines a child process printed, bounded in count and length, so an error can show
 * them and a hub that floods its output (or prints one endless line) cannot exhaust memory.
 */
export class OutputLines {
  readonly #max: number;
  readonly #maxLength: number;
  readonly #lines: string[] = [];
  #partial = '';

  constructor(max = 40, maxLength = 1_000) {
    this.#max = max;
    this.#maxLength = maxLength;
  }

  /** Feed a chunk; calls `onLine` for every complete line (cut to the length limit). */
  push(chunk: string, onLine: (line: string) => void): void {
    let text = this.#partial + chunk;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n')) {
      this.#add(text.slice(0, newline).replace(/\r$/, ''), onLine);
      text = text.slice(newline + 1);
    }
    // An endless line is cut and counted as a line; what follows starts afresh.
    if (text.length > this.#maxLength) {
      this.#add(text, onLine);
      text = '';
    }
    this.#partial = text;
  }

  /** The kept lines, oldest first (with what is left of an unfinished line). */
  lines(): string[] {
    return this.#partial === '' ? [...this.#lines] : [...this.#lines, this.#partial];
  }

  #add(line: string, onLine: (line: string) => void): void {
    const cut = escapeControls(line.length > this.#maxLength ? `${line.slice(0, this.#maxLength)}…` : line);
    this.#lines.push(cut);
    if (this.#lines.length > this.#max) this.#lines.shift();
    onLine(cut);
  }
}

/** A hub's output is shown to a person: control characters (C0 but tab, DEL, C1: terminal escapes) are written out, not obeyed. */
function escapeControls(line: string): string {
  let out = '';
  for (const c of line) {
    const code = c.charCodeAt(0);
    const control = (code < 0x20 && code !== 0x09) || (code >= 0x7f && code <= 0x9f);
    out += control ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}
