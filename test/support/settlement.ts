/**
 * Probing what a promise has done, without timing: tests of controls in any order (issue 18)
 * force each interleaving with the device's own events, then look whether a control settled.
 */

/** What `promise` has done by now: 'pending', 'resolved', or the error it rejected with. */
export function settlement(promise: Promise<unknown>): () => unknown {
  let state: unknown = 'pending';
  promise.then(
    () => {
      state = 'resolved';
    },
    (error: unknown) => {
      state = error;
    },
  );
  return () => state;
}

/** Resolves after the next macrotask: every promise handler queued before it has run. */
export function macrotask(): Promise<unknown> {
  return new Promise((resolve) => setImmediate(resolve));
}
