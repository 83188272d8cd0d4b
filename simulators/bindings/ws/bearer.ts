/** The bearer token check of EDP-WS-1, in constant time so a token cannot be guessed byte by byte. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The token of `Authorization: Bearer TOKEN`, or `undefined` when the header is missing or of another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** Whether `presented` equals `expected` (both hashed first, so lengths leak nothing). */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
