/**
 * One shard of a hub load run, pure. Every shard plans the whole run (connections, commands,
 * telemetry, flaps, all from the seed), then keeps its part: the devices at positions
 * index, index + N, … of the fleet, and of the plan what concerns them. Each shard opens every
 * app connection of the scenario (a scenario's connection is N sockets, one per shard), sends on
 * it the commands to its own devices and subscribes it to its own devices only. So the shards
 * together send exactly the commands of one run, at the same intended times, on the same logical
 * connections, and every (connection, device) pair of the run is judged once, by the shard that
 * holds the device and its records.
 */
import type { ShardSpec } from '../plan/devices.js';
import type { HubLoadDevice, PlannedCommand, PlannedConnection, PlannedEvent } from './plan.js';

/** The ids of the devices this shard runs: positions dealt round-robin over the fleet's order. */
export function shardDeviceIds(devices: readonly HubLoadDevice[], shard: ShardSpec): Set<string> {
  return new Set(
    devices.filter((_, position) => position % shard.count === shard.index).map((d) => d.deviceId),
  );
}

/**
 * The connections as this shard opens them: subscribed to the shard's own devices only, by
 * list. A whole run (N = 1) keeps the scenario's subscriptions as they are ("*" stays "*").
 */
export function shardConnections(
  connections: readonly PlannedConnection[],
  mine: ReadonlySet<string>,
  shard: ShardSpec,
): PlannedConnection[] {
  if (shard.count === 1) return [...connections];
  return connections.map((connection) => {
    const subscribed = [...connection.subscribed].filter((id) => mine.has(id)).sort();
    return {
      ...connection,
      subscribeParams:
        connection.subscribeParams === undefined || subscribed.length === 0
          ? undefined
          : { deviceIds: subscribed },
      subscribed: new Set(subscribed),
    };
  });
}

/** What of a planned schedule concerns this shard's devices (same order, same times). */
export function ofShard<T extends PlannedCommand | PlannedEvent>(
  planned: readonly T[],
  mine: ReadonlySet<string>,
): T[] {
  return planned.filter((item) => mine.has(item.deviceId));
}

/** Commands per logical connection: how a merged run is compared with a whole one. */
export function sentByConnection(
  commands: readonly PlannedCommand[],
  sent: (k: number) => boolean,
  connections: number,
): number[] {
  const out = new Array<number>(connections).fill(0);
  commands.forEach((command, k) => {
    if (sent(k)) out[command.connection]!++;
  });
  return out;
}
