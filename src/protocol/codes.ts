/** Item codes and envelope error codes of EDP/1 (PROTOCOL.md section 3). */

export const ItemCode = {
  ok: 0,
  notReadable: -4001,
  notWritable: -4002,
  notFound: -4003,
  internalError: -4004,
  invalidValue: -4005,
  invalidActionParams: -4006,
  notAllowedInState: -4007,
} as const;
export type ItemCode = (typeof ItemCode)[keyof typeof ItemCode];

export const EnvelopeCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
} as const;
export type EnvelopeCode = (typeof EnvelopeCode)[keyof typeof EnvelopeCode];

/** Hub API envelope errors (PROTOCOL.md section 8). */
export const HubCode = {
  deviceOffline: -4010,
  deviceTimeout: -4011,
  unknownOrNotGranted: -4012,
  busy: -4013,
} as const;
export type HubCode = (typeof HubCode)[keyof typeof HubCode];

export const ITEM_CODE_NAMES: Readonly<Record<number, string>> = {
  0: 'ok',
  [-4001]: 'not readable',
  [-4002]: 'not writable',
  [-4003]: 'no such service, property, action or event',
  [-4004]: 'device internal error',
  [-4005]: 'invalid value',
  [-4006]: 'invalid action parameters',
  [-4007]: 'not allowed in the current state',
};

export const ENVELOPE_CODE_NAMES: Readonly<Record<number, string>> = {
  [-32700]: 'parse error',
  [-32600]: 'invalid request',
  [-32601]: 'method not found',
  [-32602]: 'invalid params',
};

/** Limits of section 3. */
export const MAX_MESSAGE_BYTES = 65_536;
export const MAX_BATCH_ITEMS = 16;
export const MAX_REQUEST_ID = 2 ** 31 - 1;

/** Timing defaults of section 7, in milliseconds. */
export const RESPONSE_DEADLINE_MS = 2_000;
export const NOTIFICATION_DEADLINE_MS = 1_000;
export const DUPLICATE_WINDOW_MS = 60_000;
