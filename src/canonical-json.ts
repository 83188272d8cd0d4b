/**
 * Canonical JSON (keys sorted by code unit, no whitespace, JSON.stringify numbers and strings),
 * so that a digest over a document does not depend on member order or spacing.
 * Used for model hashes, report integrity digests and the keys `load` matches hub traffic by.
 *
 * Iterative, with an explicit stack: it is called on what a hub under test sent, and a
 * notification nested 100,000 deep overflowed the recursive version's stack (an uncaught
 * RangeError that ended `fleetcert load` with no report).
 */

/** A value still to write, or text to emit as it is. */
type Task = { readonly value: unknown } | string;

export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  const stack: Task[] = [{ value }];
  while (stack.length > 0) {
    const task = stack.pop() as Task;
    if (typeof task === 'string') {
      parts.push(task);
      continue;
    }
    const current = task.value;
    if (current === null || typeof current !== 'object') {
      const text = JSON.stringify(current);
      if (text === undefined) throw new TypeError(`canonicalJson: ${typeof current} has no JSON form`);
      parts.push(text);
      continue;
    }
    // Tasks are pushed in reverse, so they are written in order.
    if (Array.isArray(current)) {
      stack.push(']');
      for (let index = current.length - 1; index >= 0; index -= 1) {
        stack.push({ value: current[index] ?? null });
        if (index > 0) stack.push(',');
      }
      parts.push('[');
      continue;
    }
    const entries = Object.entries(current as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    stack.push('}');
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, member] = entries[index] as [string, unknown];
      stack.push({ value: member });
      stack.push(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
    }
    parts.push('{');
  }
  return parts.join('');
}
