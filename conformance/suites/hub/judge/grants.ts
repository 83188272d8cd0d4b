/**
 * Which devices a token may reach (EDP-HUB-5). A list grant covers exactly its ids. `"*"`
 * covers every device the hub knows; ids that only other tokens' lists name and that never came
 * online (ghosts) are a reading the protocol leaves open, so for `"*"` either answer is accepted.
 */
import type { HubRunRecord } from '../hub-run-record.js';

export type Access = 'granted' | 'refused' | 'either';

export function accessOf(record: HubRunRecord, app: string, deviceId: string): Access {
  const grant = record.grants.get(app);
  if (grant === undefined) return 'refused';
  if (grant !== '*') return grant.includes(deviceId) ? 'granted' : 'refused';
  if (record.fleetIds.includes(deviceId)) return 'granted';
  for (const other of record.grants.values()) if (other !== '*' && other.includes(deviceId)) return 'either';
  return 'refused';
}

/** May a notification or presence of this device reach the token at all? */
export function mayReach(record: HubRunRecord, app: string, deviceId: string): boolean {
  return accessOf(record, app, deviceId) !== 'refused';
}

export function appOfConnection(record: HubRunRecord, connection: string): string {
  return record.connections.find((c) => c.name === connection)?.app ?? connection.replace(/#\d+$/, '');
}
