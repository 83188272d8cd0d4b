/**
 * The independent device (test/support/independent-device.ts) brought to the state it had just
 * before a step of a legal history, so a mutator can ask what the device held then, or what
 * executing a repeat's body would have notified. Never the judge's prediction.
 */
import { IndependentDevice, type IndependentModel } from '../../support/independent-device.js';
import type { LegalCase } from './legal-device-history.js';

export function deviceBefore(c: LegalCase, step: number): IndependentDevice {
  const device = new IndependentDevice(
    c.model as unknown as IndependentModel,
    { deviceId: 'legal-0001' },
    () => 0,
  );
  for (const at of c.sentAt.slice(0, step)) {
    const sent = c.history.entries[at];
    if (sent?.kind === 'sent') device.handle(JSON.stringify({ id: sent.id, ...sent.body }));
  }
  return device;
}

let fresh = 2_000_000_000;

/** The value a property holds on `device` (read with a fresh id), or undefined when unreadable. */
export function valueOn(device: IndependentDevice, siid: number, piid: number): unknown {
  const [reply] = device.handle(
    JSON.stringify({ id: fresh++, method: 'get_properties', params: [{ siid, piid }] }),
  );
  const item = (JSON.parse(reply as string) as { result: Array<{ code: number; value?: unknown }> })
    .result[0];
  return item?.code === 0 ? item.value : undefined;
}

/** The items `device` notifies when it executes `body` under a fresh id. */
export function itemsOfExecuting(
  device: IndependentDevice,
  body: { readonly method: string; readonly params: unknown },
): Array<{ siid: number; piid: number; value: unknown }> {
  const [, ...frames] = device.handle(JSON.stringify({ id: fresh++, ...body }));
  return frames.flatMap((f) => {
    const m = JSON.parse(f) as { method: string; params: unknown };
    return m.method === 'properties_changed'
      ? (m.params as Array<{ siid: number; piid: number; value: unknown }>)
      : [];
  });
}
