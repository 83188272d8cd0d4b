/**
 * Every request id a certification draws, remembered. A response is judged against the ids the
 * certification sent (EDP-RPC-1): a late answer to a request of the model query, a binding check
 * or an earlier run arrives while another run listens, and must read as late, not as "never
 * sent". Whoever draws from this source has sent (or is about to send) the id.
 */
import type { RequestIdSource } from '../../src/protocol/index.js';

export interface IssuedRequestIds extends RequestIdSource {
  /** Every id `next` has returned (the harness adds ids it sends under another's name, EDP-RPC-5 repeats). */
  readonly issued: Set<number>;
}

export function issuedRequestIds(source: RequestIdSource): IssuedRequestIds {
  if (isIssuedRequestIds(source)) return source;
  const issued = new Set<number>();
  return {
    issued,
    next() {
      const id = source.next();
      issued.add(id);
      return id;
    },
  };
}

function isIssuedRequestIds(source: RequestIdSource): source is IssuedRequestIds {
  return (source as Partial<IssuedRequestIds>).issued instanceof Set;
}
