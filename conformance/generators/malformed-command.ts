/** fast-check arbitrary of malformed-frame commands, each followed by a valid request (EDP-RPC-4). */
import type fc from 'fast-check';
import type { Binding } from '../../src/result/index.js';
import { MalformedFrameCommand } from '../commands/malformed-frame.command.js';
import type { ModelIndex } from '../judge/model-index.js';
import { type MalformedCategory, malformedFrame, malformedFrameOf } from './malformed-frame.js';

export interface MalformedCommandConstraints {
  /** The binding decides which frames can be sent at all. Default `mqtt`. */
  readonly binding?: Binding;
  /** Only frames of this category; default any. */
  readonly category?: MalformedCategory;
}

export function malformedCommand(
  index: ModelIndex,
  constraints: MalformedCommandConstraints = {},
): fc.Arbitrary<MalformedFrameCommand> {
  // Service 1 is mandatory and its properties are readable (section 2): always a valid probe.
  const probe = index.properties.find((p) => p.readable) ?? { siid: 1, piid: 1 };
  const frameConstraints = { binding: constraints.binding ?? 'mqtt' };
  const frames =
    constraints.category === undefined
      ? malformedFrame(frameConstraints)
      : malformedFrameOf(constraints.category, frameConstraints);
  return frames.map((frame) => new MalformedFrameCommand(frame, { siid: probe.siid, piid: probe.piid }));
}
