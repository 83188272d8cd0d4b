/**
 * The first steps every receiver takes with a frame, in the order section 3 implies:
 * size (in UTF-8 bytes, before anything is parsed), then UTF-8, then JSON (RFC 8259), then
 * nesting depth (src/bounded-json.ts), so nothing after this ever walks a value deeper than 32.
 * Shared by the device-side and the controller-side decoders so both read frames alike.
 */
import { MAX_MESSAGE_DEPTH, pathDeeperThan } from '../bounded-json.js';
import { MAX_MESSAGE_BYTES } from './codes.js';
import { byteLength } from './encode.js';

export type FrameProblem =
  | { readonly problem: 'oversize'; readonly bytes: number; readonly text: string }
  | { readonly problem: 'not-utf8'; readonly text: string }
  | { readonly problem: 'not-json'; readonly text: string }
  /** Parsed, but nested deeper than MAX_MESSAGE_DEPTH: no message of section 3 is, and walking it could overflow the stack. */
  | {
      readonly problem: 'too-deep';
      readonly path: string;
      readonly text: string;
      /** Only for reading top-level members (a request's id); never walk it. */
      readonly value: unknown;
    };

export type ReadFrame =
  | { readonly ok: true; readonly text: string; readonly value: unknown }
  | ({ readonly ok: false } & FrameProblem);

// ignoreBOM keeps a leading U+FEFF in the text, so JSON.parse rejects it: a byte order mark is not
// part of a JSON text (RFC 8259 section 8.1), and bytes and strings are then judged alike.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
// In a `u` regex a well-formed surrogate pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /\p{Cs}/u;

export function frameByteLength(frame: Uint8Array | string): number {
  return typeof frame === 'string' ? byteLength(frame) : frame.byteLength;
}

/** Never throws. `text` is always set (lossily decoded when not UTF-8) so callers can show it. */
export function readFrame(frame: Uint8Array | string): ReadFrame {
  const bytes = frameByteLength(frame);
  if (bytes > MAX_MESSAGE_BYTES) {
    return {
      ok: false,
      problem: 'oversize',
      bytes,
      text: typeof frame === 'string' ? frame : lossyUtf8.decode(frame),
    };
  }
  let text: string;
  if (typeof frame === 'string') {
    // A string with a lone surrogate has no UTF-8 form: it cannot have come off the wire as UTF-8.
    if (LONE_SURROGATE.test(frame)) return { ok: false, problem: 'not-utf8', text: frame };
    text = frame;
  } else {
    try {
      text = strictUtf8.decode(frame);
    } catch {
      return { ok: false, problem: 'not-utf8', text: lossyUtf8.decode(frame) };
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, problem: 'not-json', text };
  }
  const path = pathDeeperThan(value, MAX_MESSAGE_DEPTH);
  if (path !== undefined) return { ok: false, problem: 'too-deep', path, text, value };
  return { ok: true, text, value };
}

/** A plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own member only: `"constructor"` or `"__proto__"` in a frame must not reach Object.prototype. */
export function member(object: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

/** A short rendering of a JSON value for messages: `"17"`, `1.5`, `an array`, … */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 32 ? `${value.slice(0, 32)}…` : value);
  return String(value);
}

/** The kind of a JSON value with its article, for "expected X, got Y" messages: `an array`, `null`, `nothing`. */
export function jsonKind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}
