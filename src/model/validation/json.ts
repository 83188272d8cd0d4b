/** Small guards for reading untrusted JSON without ever throwing. */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** siid, piid, aiid and eiid: integers 1..65535 (PROTOCOL.md section 2). */
export const MAX_ID = 65_535;

export function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ID;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** A short, safe rendering of any JSON value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** What kind of JSON value this is, in words. */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${show(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** `problem`, ignoring keys other than `id` when reporting an id that is not 1..65535. */
export function idProblem(kind: string, value: unknown): string {
  if (value === undefined) return `${kind} is missing`;
  return `${kind} must be a whole number from 1 to ${MAX_ID}, got ${kindOf(value)}`;
}

/** Reads an optional list member: missing means empty; anything but an array is reported. */
export function optionalArray(
  owner: JsonObject,
  key: string,
): { readonly items: readonly unknown[]; readonly ok: boolean } {
  const value = owner[key];
  if (value === undefined) return { items: [], ok: true };
  if (Array.isArray(value)) return { items: value, ok: true };
  return { items: [], ok: false };
}
