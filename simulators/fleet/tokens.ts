/**
 * Where each device's token (its MQTT password, or its WebSocket bearer token) comes from:
 * one token for all (development), a template (`secret-{id}`), or a file of id → token.
 * Tokens are secrets: they never reach a log line.
 */

import {
  boundedJsonProblemText,
  INPUT_LIMITS,
  MAX_FILE_DEPTH,
  parseBoundedJson,
  truncate,
} from '../../src/index.js';
import { FleetError } from './fleet-error.js';

export type TokenSource =
  /** No token: MQTT devices log in without a password (a broker in development mode). */
  | { readonly kind: 'none' }
  | { readonly kind: 'single'; readonly token: string }
  | { readonly kind: 'template'; readonly template: string }
  | { readonly kind: 'map'; readonly tokens: ReadonlyMap<string, string>; readonly source: string };

export interface TokenFor {
  readonly id: string;
  readonly type: string;
  readonly index: number;
}

const PLACEHOLDER = /\{(id|type|index)\}/g;

export function templateTokens(template: string): TokenSource {
  const unknown = /\{(?!id\}|type\}|index\})[^}]*\}/.exec(template);
  if (unknown) {
    throw new FleetError(`--token-template: unknown placeholder ${unknown[0]}; use {id}, {type} or {index}.`);
  }
  return { kind: 'template', template };
}

export function tokenFor(source: TokenSource, device: TokenFor): string | undefined {
  switch (source.kind) {
    case 'none':
      return undefined;
    case 'single':
      return source.token;
    case 'template':
      return source.template.replace(PLACEHOLDER, (_, key: 'id' | 'type' | 'index') => String(device[key]));
    case 'map': {
      const token = source.tokens.get(device.id);
      if (token === undefined) {
        throw new FleetError(
          `token file ${source.source} has no token for device ${device.id}; add a line for it or use --token-template.`,
        );
      }
      return token;
    }
  }
}

/**
 * The text of a token file: a JSON object `{ "bulb-0001": "token", … }`, or lines
 * `ID TOKEN` (blank lines and `#` comments ignored).
 */
export function parseTokenFile(text: string, source: string): TokenSource {
  const trimmed = text.trim();
  const tokens = new Map<string, string>();
  if (trimmed.startsWith('{')) {
    const read = parseBoundedJson(trimmed, {
      maxBytes: INPUT_LIMITS.tokensFileBytes,
      maxDepth: MAX_FILE_DEPTH,
    });
    if (!read.ok) {
      throw new FleetError(
        `${boundedJsonProblemText(read, `token file ${source}`)}; write { "device-id": "token", … }.`,
      );
    }
    const json = read.value;
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new FleetError(`token file ${source} must be a JSON object { "device-id": "token", … }.`);
    for (const [id, token] of Object.entries(json as Record<string, unknown>)) {
      if (typeof token !== 'string')
        throw new FleetError(
          `token file ${source}: the token of ${JSON.stringify(truncate(id, 80))} must be a string.`,
        );
      tokens.set(id, token);
    }
  } else {
    for (const [n, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const match = /^(\S+)\s+(\S+)$/.exec(line);
      if (!match) throw new FleetError(`token file ${source} line ${n + 1}: expected "DEVICE-ID TOKEN".`);
      tokens.set(match[1]!, match[2]!);
    }
  }
  return { kind: 'map', tokens, source };
}
