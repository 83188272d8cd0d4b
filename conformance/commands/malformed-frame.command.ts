/**
 * EDP-RPC-4: a malformed frame gets the envelope error of section 3 (code, and id or null),
 * and the device stays responsive: the next valid request is answered within the deadline.
 * A frame without a readable id that gets no answer at all breaks EDP-RPC-4 too.
 */
import type fc from 'fast-check';
import type { MalformedFrame } from '../generators/malformed-frame.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { frameIdOf, performMalformed } from './perform-malformed.js';

export class MalformedFrameCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  constructor(
    readonly frame: MalformedFrame,
    /** A readable property to probe with afterwards. */
    readonly probe: { readonly siid: number; readonly piid: number },
  ) {}

  check(): boolean {
    return true;
  }

  async run(_model: SuiteModel, session: RunSession): Promise<void> {
    session.beginCommand(this.toString());
    const frame = this.frame;
    await performMalformed(
      session,
      {
        text: frame.text,
        carriesId: frame.carriesId,
        code: frame.code,
        render: (id) => {
          const rendered = frame.render(id);
          const frameId = frameIdOf(rendered.frame, id);
          return frameId === undefined ? rendered : { ...rendered, frameId };
        },
      },
      this.probe,
    );
  }

  toString(): string {
    return `malformed frame: ${this.frame.text}, then a valid request`;
  }
}
