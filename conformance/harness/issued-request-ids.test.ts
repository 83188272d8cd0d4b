import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequestIdSource } from '../../src/protocol/request-ids.js';
import { issuedRequestIds } from './issued-request-ids.js';
import { ResponseMatcher } from './response-matcher.js';

describe('responses to any id the certification drew (EDP-RPC-1)', () => {
  it('a late answer to an id drawn outside a run (model query, binding check) is late, never "never sent"', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 2 }), fc.nat({ max: 20 }), (seed, drawn) => {
        const ids = issuedRequestIds(createRequestIdSource(seed));
        const outside = [...Array(drawn + 1)].map(() => ids.next());
        // The run's matcher sees the certification's issued ids, as createHarnessContext wires it.
        const matcher = new ResponseMatcher(ids.issued, true);
        for (const id of outside) {
          const unmatched = matcher.offer({ message: { kind: 'response', id, result: {} }, ref: 0, atMs: 0 });
          expect(unmatched?.kind).toBe('note');
        }
      }),
    );
  });

  it('an id nobody drew still breaks EDP-RPC-1 on an exclusive link', () => {
    const ids = issuedRequestIds(createRequestIdSource(7));
    const drawn = ids.next();
    const matcher = new ResponseMatcher(ids.issued, true);
    const unmatched = matcher.offer({
      message: { kind: 'response', id: drawn === 1 ? 2 : 1, result: {} },
      ref: 0,
      atMs: 0,
    });
    expect(unmatched).toMatchObject({ kind: 'violation', violation: { rule: 'EDP-RPC-1' } });
  });

  it('wrapping twice keeps one record', () => {
    const ids = issuedRequestIds(createRequestIdSource(3));
    expect(issuedRequestIds(ids)).toBe(ids);
  });
});
