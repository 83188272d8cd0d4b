/**
 * Shards of a hub load plan, pure: for any N the shards' devices, commands and subscribed
 * (connection, device) pairs are a partition of the whole run's; a whole run keeps "*".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HubLoadDevice, planCommands, planConnections, planTelemetry } from './plan.js';
import { ofShard, sentByConnection, shardConnections, shardDeviceIds } from './shard.js';

const model = { services: [{ siid: 1, properties: [{ piid: 1, access: ['read'] }], actions: [] }] } as never;
const devices: HubLoadDevice[] = [
  ...Array.from({ length: 7 }, (_, i) => ({ deviceId: `bulb-000${i + 1}`, type: 'bulb', model })),
  ...Array.from({ length: 4 }, (_, i) => ({ deviceId: `tv-000${i + 1}`, type: 'tv', model })),
];
const connections = planConnections(
  [
    { token: 'a', devices: { kind: 'all' }, connections: 2, subscribe: { kind: 'star' } },
    {
      token: 'b',
      devices: { kind: 'types', types: ['bulb'] },
      connections: 1,
      subscribe: { kind: 'granted' },
    },
    { token: 'c', devices: { kind: 'all' }, connections: 1, subscribe: { kind: 'types', types: ['tv'] } },
    { token: 'd', devices: { kind: 'all' }, connections: 1, subscribe: { kind: 'none' } },
  ],
  devices,
);
const commands = planCommands(
  { seed: 9, ratePerS: 200, mix: { get: 1, set: 0, action: 0 }, startMs: 0, endMs: 1000 },
  connections,
  devices,
);

describe('a hub load plan in shards', () => {
  it('partitions devices, commands, telemetry and subscribed pairs for any shard count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), (count) => {
        const shards = Array.from({ length: count }, (_, index) => ({ index, count }));
        const mine = shards.map((shard) => shardDeviceIds(devices, shard));
        expect(mine.flatMap((m) => [...m]).sort()).toEqual(devices.map((d) => d.deviceId).sort());
        const parts = mine.map((m) => ofShard(commands, m));
        expect(parts.flat().sort((x, y) => x.index - y.index)).toEqual(commands);
        const telemetry = planTelemetry(9, 2, devices, 0, 2000);
        expect(mine.reduce((n, m) => n + ofShard(telemetry, m).length, 0)).toBe(telemetry.length);
        // Commands per logical connection add up to the whole run's.
        const whole = sentByConnection(commands, () => true, connections.length);
        const summed = parts
          .map((p) => sentByConnection(p, () => true, connections.length))
          .reduce((a, b) => a.map((n, c) => n + b[c]!));
        expect(summed).toEqual(whole);
        // Every subscribed (connection, device) pair of the run is in exactly one shard.
        const pairs = (list: typeof connections) =>
          list.flatMap((c) => [...c.subscribed].map((d) => `${c.index} ${d}`)).sort();
        const sharded = shards.flatMap((shard, i) => pairs(shardConnections(connections, mine[i]!, shard)));
        expect(sharded.sort()).toEqual(pairs(connections));
        for (const [i, shard] of shards.entries())
          for (const c of shardConnections(connections, mine[i]!, shard)) {
            for (const d of c.subscribed) expect(mine[i]!.has(d)).toBe(true);
            if (count > 1 && c.subscribeParams)
              expect(c.subscribeParams.deviceIds).toEqual([...c.subscribed]);
          }
      }),
      { numRuns: 12 },
    );
  });

  it('keeps a whole run’s subscriptions as the scenario gives them ("*" stays "*")', () => {
    const whole = shardConnections(connections, shardDeviceIds(devices, { index: 0, count: 1 }), {
      index: 0,
      count: 1,
    });
    expect(whole).toEqual(connections);
    expect(whole[0]!.subscribeParams).toEqual({ deviceIds: '*' });
    // A shard with none of a connection's subscribed devices does not subscribe it at all.
    const onlyBulb = new Set(['bulb-0001']);
    const restricted = shardConnections(connections, onlyBulb, { index: 0, count: 2 });
    expect(restricted.find((c) => c.token === 'c')!.subscribeParams).toBeUndefined();
  });
});
