/** Answer bodies a correct hub sends to apps (PROTOCOL.md section 8), as legal histories write them. */

export const REFUSAL_MESSAGE = 'unknown or not granted';

export function error(code: number, message: string): Record<string, unknown> {
  return { error: { code, message } };
}

/** Ungranted and unknown ids: -4012 with one message (EDP-HUB-5). */
export function refusal(): Record<string, unknown> {
  return error(-4012, REFUSAL_MESSAGE);
}

/** The same JSON with its members in another order (section 8: member order is free). */
export function shuffleKeys<T>(value: T, r: number): T {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, r)) as T;
  if (typeof value !== 'object' || value === null || r < 0.5) return value;
  return Object.fromEntries(Object.entries(value as object).reverse()) as T;
}
