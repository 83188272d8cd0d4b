/**
 * The text a binding sends for an engine reply. Unlike the protocol encoder, it writes the
 * reply exactly as the engine made it, so planted bugs that break the response's shape
 * (result-and-error, id-as-string) reach the wire instead of being tidied away.
 */
import type { Response } from '../../src/protocol/types.js';

export function encodeReply(reply: Response): string {
  return JSON.stringify(reply);
}
