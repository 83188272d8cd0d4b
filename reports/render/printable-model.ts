/**
 * A report model with every string made safe to show: control characters other than line
 * breaks and tabs (ESC, BEL, C1, DEL) and the Unicode line and bidi controls are written as
 * `\u001b`-style escapes. Handlebars escapes HTML's own characters but not these, and strings
 * from a hub or a device (ids, messages, observations) kept raw ESC characters in report.html,
 * which a terminal `cat` or a log viewer then obeys. The walk is iterative and copies plain
 * objects and arrays only; anything else is kept as it is.
 */

// C0 and C1 controls, DEL, line/paragraph separators, bidi controls (\t and \n are kept below).
const UNSAFE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

export function printableText(text: string): string {
  return text.replace(UNSAFE, (char) =>
    char === '\n' || char === '\t' ? char : `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function printableModel<T>(model: T): T {
  const copy = (value: unknown): unknown => {
    if (typeof value === 'string') return printableText(value);
    if (Array.isArray(value)) return [...value];
    if (isPlainObject(value)) return { ...value };
    return value;
  };
  const root = copy(model);
  const stack: unknown[] = Array.isArray(root) || isPlainObject(root) ? [root] : [];
  while (stack.length > 0) {
    const container = stack.pop() as Record<string | number, unknown>;
    for (const key of Object.keys(container)) {
      const value = container[key];
      const copied = copy(value);
      // Keys too: a map keyed by a device id would show them through @key.
      const shownKey = Array.isArray(container) ? key : printableText(key);
      if (shownKey !== key) delete container[key];
      if (copied !== value || shownKey !== key) container[shownKey] = copied;
      if (Array.isArray(copied) || isPlainObject(copied)) stack.push(copied);
    }
  }
  return root as T;
}
