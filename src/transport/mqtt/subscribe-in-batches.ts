/**
 * Subscribing a controller to many topic filters: a few hundred per SUBSCRIBE packet (a load
 * controller subscribes to thousands), and a refusal (SUBACK 0x80) names the filters refused.
 */
import type { MqttClient } from 'mqtt';
import { MqttSubscribeError } from './controller-errors.js';

/** Filters per SUBSCRIBE packet. */
const SUBSCRIBE_BATCH = 500;

/**
 * Subscribes `client` (logged in as `username`) to `filters`, batch by batch; rejects with an
 * MqttSubscribeError naming the refused filters of the first batch the broker refused any of.
 */
export async function subscribeInBatches(
  client: MqttClient,
  username: string,
  filters: readonly string[],
  options: { readonly qos: 0 | 1 },
): Promise<void> {
  for (let i = 0; i < filters.length; i += SUBSCRIBE_BATCH) {
    const batch = filters.slice(i, i + SUBSCRIBE_BATCH);
    const granted = await new Promise<number[]>((resolve, reject) => {
      client.subscribe(batch, options, (error, _grants, packet) => {
        const codes = (packet as { granted?: number[] } | undefined)?.granted;
        if (codes) resolve(codes);
        else reject(error ?? new Error('no SUBACK'));
      });
    });
    const refused = batch.filter((_filter, j) => ((granted[j] ?? 0x80) & 0x80) !== 0);
    if (refused.length > 0) throw new MqttSubscribeError(username, refused);
  }
}
