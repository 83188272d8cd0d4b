/**
 * Sorting what app connections received into responses (by connection and id), notifications,
 * and frames that are neither (HUB-2: app messages are section 3 messages).
 */
import type { AppFrame, HubRunRecord } from '../hub-run-record.js';
import { type HubViolation, hubViolation } from './hub-violation.js';

export interface AppResponse {
  readonly frame: AppFrame;
  readonly result?: unknown;
  readonly error?: { readonly code: unknown; readonly message: unknown };
  readonly hasResult: boolean;
  readonly hasError: boolean;
}

export interface AppNotification {
  readonly frame: AppFrame;
  readonly method: string;
  readonly params: unknown;
}

export interface SortedAppMessages {
  /** connection → id → responses (in arrival order); id `null` for envelope errors without an id. */
  readonly responses: ReadonlyMap<string, ReadonlyMap<number | null, readonly AppResponse[]>>;
  /** connection → notifications in arrival order. */
  readonly notifications: ReadonlyMap<string, readonly AppNotification[]>;
  readonly violations: readonly HubViolation[];
}

export const HUB_NOTIFICATION_METHODS = [
  'device.properties_changed',
  'device.event_occurred',
  'device.presence',
];

export function sortAppMessages(record: HubRunRecord): SortedAppMessages {
  const responses = new Map<string, Map<number | null, AppResponse[]>>();
  const notifications = new Map<string, AppNotification[]>();
  const violations: HubViolation[] = [];
  for (const frame of record.frames) {
    const where = { lane: frame.connection, atMs: frame.atMs };
    const m = frame.message;
    if (frame.raw !== undefined || typeof m !== 'object' || m === null || Array.isArray(m)) {
      violations.push(
        hubViolation(
          'EDP-HUB-2',
          'every message to an app is a section 3 message (a JSON object)',
          `the hub sent ${describeFrame(frame)}`,
          where,
        ),
      );
      continue;
    }
    const o = m as Record<string, unknown>;
    if (Object.hasOwn(o, 'id')) {
      const id = o.id;
      if (id !== null && !(typeof id === 'number' && Number.isInteger(id))) {
        violations.push(
          hubViolation(
            'EDP-HUB-2',
            'a response carries the app request id',
            `a response with id ${JSON.stringify(id)}`,
            where,
          ),
        );
        continue;
      }
      const hasResult = Object.hasOwn(o, 'result');
      const hasError = Object.hasOwn(o, 'error');
      const error = isObject(o.error) ? { code: o.error.code, message: o.error.message } : undefined;
      const response: AppResponse = {
        frame,
        result: o.result,
        hasResult,
        hasError,
        ...(error ? { error } : {}),
      };
      const byId = responses.get(frame.connection) ?? new Map<number | null, AppResponse[]>();
      responses.set(frame.connection, byId);
      byId.set(id as number | null, [...(byId.get(id as number | null) ?? []), response]);
      continue;
    }
    if (typeof o.method === 'string' && HUB_NOTIFICATION_METHODS.includes(o.method)) {
      const list = notifications.get(frame.connection) ?? [];
      list.push({ frame, method: o.method, params: o.params });
      notifications.set(frame.connection, list);
      continue;
    }
    violations.push(
      hubViolation(
        'EDP-HUB-2',
        'every message to an app is a response to its request or a device.* notification',
        `the hub sent ${describeFrame(frame)}`,
        where,
      ),
    );
  }
  return { responses, notifications, violations };
}

export function describeFrame(frame: AppFrame): string {
  const text = frame.raw ?? JSON.stringify(frame.message);
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text;
}

export function describeResponse(response: AppResponse | undefined): string {
  if (response === undefined) return 'no response';
  return describeFrame(response.frame);
}

export function errorCodeOf(response: AppResponse | undefined): unknown {
  return response?.error?.code;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
