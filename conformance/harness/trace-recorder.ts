/**
 * The messages of one run, as the harness saw them, with timestamps relative to the run's
 * start. Long frames are shortened so a counterexample stays readable (and a report small).
 */
import { MAX_MESSAGE_DEPTH, parseJsonWithin } from '../../src/index.js';
import type { TraceEntry } from '../../src/result/index.js';

const MAX_TRACE_TEXT = 2_048;
const lossy = new TextDecoder('utf-8', { fatal: false });

export class TraceRecorder {
  private readonly entries: TraceEntry[] = [];

  constructor(private readonly startMs: number) {}

  /** Records a frame and returns its index (a `messageRef`). */
  frame(
    direction: 'sent' | 'received',
    channel: string,
    payload: string | Uint8Array,
    atMs: number,
    binary = false,
  ): number {
    return this.push({ atMs: this.rel(atMs), direction, channel, message: readable(payload, binary) });
  }

  note(text: string, atMs: number): number {
    return this.push({ atMs: this.rel(atMs), direction: 'note', channel: 'harness', message: text });
  }

  /** Marks entry `ref` as where the device went wrong. */
  annotate(ref: number, expected: string, observed: string): void {
    const entry = this.entries[ref];
    if (entry === undefined) return;
    const join = (a: string | undefined, b: string) => (a === undefined ? b : `${a}; ${b}`);
    this.entries[ref] = {
      ...entry,
      expected: join(entry.expected, expected),
      observed: join(entry.observed, observed),
    };
  }

  get length(): number {
    return this.entries.length;
  }

  snapshot(): readonly TraceEntry[] {
    return [...this.entries];
  }

  private push(entry: TraceEntry): number {
    this.entries.push(entry);
    return this.entries.length - 1;
  }

  /** `atMs` on the link's clock as milliseconds since the run started. */
  relative(atMs: number): number {
    return this.rel(atMs);
  }

  private rel(atMs: number): number {
    return Math.round((atMs - this.startMs) * 10) / 10;
  }
}

/** Parsed JSON when the frame is JSON text, else the text itself (shortened when long). */
function readable(payload: string | Uint8Array, binary: boolean): unknown {
  const text = typeof payload === 'string' ? payload : lossy.decode(payload);
  const prefix = binary ? '(binary frame) ' : '';
  if (text.length > MAX_TRACE_TEXT)
    return `${prefix}${text.slice(0, MAX_TRACE_TEXT)}… (${text.length} characters in all)`;
  if (!binary) {
    // Not JSON, or nested too deep to write back (src/bounded-json.ts): keep the text, which is
    // what the reader needs to see.
    const value = parseJsonWithin(text, { maxBytes: Number.POSITIVE_INFINITY, maxDepth: MAX_MESSAGE_DEPTH });
    if (value !== undefined) return value;
  }
  return `${prefix}${text}`;
}
