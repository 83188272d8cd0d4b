/**
 * The text a binding sends for an engine reply. Unlike the protocol encoder, it writes the
 * reply exactly as the engine made it, so planted bugs that break the response's shape
 * (result-and-error, id-as-string) reach the wire instead of being tidied away.
 */

import type { Response } from '../../src/protocol/index.js';
import { EnvelopeCode } from '../../src/protocol/index.js';

/** Never throws: a device must answer whatever it was sent (EDP-RPC-4). */
export function encodeReply(reply: Response): string {
  try {
    return JSON.stringify(reply);
  } catch {
    // Unreachable by design: requests are bounded in depth before the engine sees them
    // (src/bounded-json.ts), so an echoed siid cannot be too deep to encode. Should a reply
    // still not encode, the device answers the id rather than dying with a RangeError.
    const id = typeof reply.id === 'number' ? reply.id : null;
    return JSON.stringify({
      id,
      error: { code: EnvelopeCode.invalidRequest, message: 'the reply to this request could not be encoded' },
    });
  }
}
