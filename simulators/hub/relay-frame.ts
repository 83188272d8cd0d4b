/**
 * The hub reads frames as a relay, not as a judge: size, UTF-8 and JSON as every receiver does
 * (src/protocol/frame.ts), then only top-level members. A frame the shared reader refuses for
 * its nesting depth alone is still JSON: the hub keeps it, reads its top-level members and
 * forwards the rest as text, never walking it (the device, or the app, judges it).
 */
import { type FrameProblem, readFrame } from '../../src/protocol/index.js';

export type RelayFrame =
  | { readonly ok: true; readonly text: string; readonly value: unknown }
  | { readonly ok: false; readonly problem: 'oversize' | 'not-json' };

export function readRelayFrame(frame: Uint8Array | string): RelayFrame {
  const read = readFrame(frame);
  if (read.ok) return read;
  if ('value' in read) return { ok: true, text: read.text, value: (read as { value: unknown }).value };
  return { ok: false, problem: problemOf(read) };
}

function problemOf(read: FrameProblem): 'oversize' | 'not-json' {
  return read.problem === 'oversize' ? 'oversize' : 'not-json';
}
