/**
 * One request in a scenario, over a device link: send with a fresh id, wait for the response
 * with that id (decoded by shape), record both in the scenario's trace.
 */

import type { RequestIdSource } from '../../../src/protocol/index.js';
import { decodeDeviceMessage } from '../../../src/protocol/index.js';
import type { DeviceLink } from '../../harness/device-link.js';
import type { BindingCheckRun } from './binding-check-run.js';

export interface ScenarioResponse {
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
  readonly ref: number;
  readonly atMs: number;
}

export async function scenarioRequest(
  link: DeviceLink,
  scenario: BindingCheckRun,
  ids: RequestIdSource,
  body: { readonly method: string; readonly params?: unknown },
  deadlineMs: number,
): Promise<ScenarioResponse | undefined> {
  const id = ids.next();
  const frame = JSON.stringify({ id, ...body });
  let unsubscribe = () => {};
  const answer = new Promise<ScenarioResponse | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), deadlineMs);
    unsubscribe = link.onFrame((received) => {
      const message = decodeDeviceMessage(received.payload, received.binary === true ? { binary: true } : {});
      if ((message.kind !== 'response' && message.kind !== 'error-response') || message.id !== id) return;
      clearTimeout(timer);
      const ref = scenario.received(received.channel, received.payload, received.atMs);
      resolve(
        message.kind === 'response'
          ? { result: message.result, ref, atMs: received.atMs }
          : { error: message.error, ref, atMs: received.atMs },
      );
    });
  });
  scenario.sent(link.requestChannel, frame);
  await link.send(frame).catch(() => undefined);
  const response = await answer;
  unsubscribe();
  return response;
}

/**
 * The value of the `get_properties` item for (siid, piid), when the response read it with code 0
 * and echoed its address (a wrong batch order must not pass one property's value for another's).
 */
export function readValue(
  response: ScenarioResponse | undefined,
  siid: number,
  piid: number,
  index = 0,
): unknown {
  const items = response?.result;
  if (!Array.isArray(items)) return undefined;
  const item = items[index] as
    | { siid?: unknown; piid?: unknown; code?: unknown; value?: unknown }
    | undefined;
  return item?.code === 0 && item.siid === siid && item.piid === piid ? item.value : undefined;
}

/** Reads one property in a request of its own; its value, or `undefined`. */
export async function readOne(
  link: DeviceLink,
  scenario: BindingCheckRun,
  ids: RequestIdSource,
  siid: number,
  piid: number,
  deadlineMs: number,
): Promise<{ value: unknown; response: ScenarioResponse | undefined }> {
  const response = await scenarioRequest(
    link,
    scenario,
    ids,
    { method: 'get_properties', params: [{ siid, piid }] },
    deadlineMs,
  );
  return { value: readValue(response, siid, piid), response };
}
