/** fast-check arbitrary of write-then-read commands on writable, readable properties (EDP-PROP-3). */
import fc from 'fast-check';
import { WriteReadCommand } from '../commands/write-read.command.js';
import type { ModelIndex } from '../judge/model-index.js';
import { validWrite } from './set-item.js';

/** `undefined` when the model has no property that is both writable and readable. */
export function writeReadCommand(index: ModelIndex): fc.Arbitrary<WriteReadCommand> | undefined {
  const targets = index.properties.filter((p) => p.writable && p.readable);
  if (targets.length === 0) return undefined;
  return fc.constantFrom(...targets).chain((p) => validWrite(p).map((write) => new WriteReadCommand(write)));
}
