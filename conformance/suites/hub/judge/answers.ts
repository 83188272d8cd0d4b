/** Whether the app got the device's answer (EDP-HUB-1): its `result` or `error`, equal as parsed JSON. */
import { jsonEqual } from '../../../judge/value-equality.js';
import type { AppResponse } from './app-messages.js';

export function sameAnswer(response: AppResponse, deviceMessage: unknown): boolean {
  if (typeof deviceMessage !== 'object' || deviceMessage === null) return false;
  const m = deviceMessage as Record<string, unknown>;
  if (Object.hasOwn(m, 'result'))
    return response.hasResult && !response.hasError && jsonEqual(response.result, m.result);
  if (Object.hasOwn(m, 'error')) {
    const frame = response.frame.message as Record<string, unknown>;
    return response.hasError && !response.hasResult && jsonEqual(frame.error, m.error);
  }
  return false;
}
