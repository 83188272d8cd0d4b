/**
 * Splitting a fleet over worker processes (`--workers N`): each worker takes a contiguous
 * slice of every group, keeping the ids it would have had in one process (same index, same
 * width), a share of the ramp, and its own WebSocket ports. Pure.
 */
import { fleetDeviceId, indexWidth } from '../device-ids.js';
import { FleetError } from '../fleet-error.js';
import type { FleetGroup, PortableFleetOptions } from '../types.js';

export function splitFleet(options: PortableFleetOptions, workers: number): PortableFleetOptions[] {
  if (!Number.isInteger(workers) || workers < 1)
    throw new FleetError(`--workers ${workers}: give a whole number of processes, at least 1.`);
  const slices: PortableFleetOptions[] = [];
  let portOffset = 0;
  for (let w = 0; w < workers; w++) {
    const groups: FleetGroup[] = [];
    for (const group of options.groups) {
      const from = Math.floor((group.count * w) / workers);
      const to = Math.floor((group.count * (w + 1)) / workers);
      if (to <= from) continue;
      const first = group.firstIndex ?? 1;
      groups.push({
        ...group,
        count: to - from,
        firstIndex: first + from,
        indexWidth: group.indexWidth ?? indexWidth(first + group.count - 1),
        ...(group.ids ? { ids: group.ids.slice(from, to) } : {}),
      });
    }
    if (groups.length === 0) continue;
    const devices = groups.reduce((sum, g) => sum + g.count, 0);
    const wsDevices = groups.filter((g) => g.transport === 'ws').reduce((sum, g) => sum + g.count, 0);
    slices.push({
      ...options,
      groups,
      ...(options.rampPerSecond === undefined ? {} : { rampPerSecond: options.rampPerSecond / workers }),
      ...(options.maxConnecting === undefined
        ? {}
        : { maxConnecting: Math.max(1, Math.ceil(options.maxConnecting / workers)) }),
      ...(options.wsFirstPort ? { wsFirstPort: options.wsFirstPort + portOffset } : {}),
      ...brokerTlsOf(options, groups),
    });
    portOffset += wsDevices;
    if (devices === 0) slices.pop();
  }
  return slices;
}

/** Each worker is sent only its own devices' client certificates (mutual TLS), not the fleet's. */
function brokerTlsOf(
  options: PortableFleetOptions,
  groups: readonly FleetGroup[],
): Pick<PortableFleetOptions, 'brokerTls'> {
  const tls = options.brokerTls;
  if (tls?.perClient === undefined) return tls === undefined ? {} : { brokerTls: tls };
  const perClient: Record<string, { cert: string; key: string }> = {};
  for (const group of groups) {
    for (let i = 0; i < group.count; i++) {
      const id =
        group.ids?.[i] ??
        fleetDeviceId(
          options.idPrefix ?? '',
          group.name,
          (group.firstIndex ?? 1) + i,
          group.indexWidth ?? indexWidth(group.count),
        );
      const pair = tls.perClient[id];
      if (pair !== undefined) perClient[id] = pair;
    }
  }
  return { brokerTls: { ...tls, perClient } };
}
