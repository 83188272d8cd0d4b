/**
 * The arbitraries of the hub suite: a command sequence over a small cast of ids chosen from
 * the grants (a device of each list token, one granted to nobody, a ghost, an unknown id),
 * several connections per token. Small casts make collisions (two connections, one device;
 * an event, then a command to it) likely, and counterexamples short.
 */
import fc from 'fast-check';
import type { DeviceModel } from '../../../src/model/types.js';
import { createRandom } from '../../../src/random.js';
import { AppearCommand } from './commands/appear.command.js';
import { BAD_PARAMS, BadParamsCommand } from './commands/bad-params.command.js';
import { BurstCommand } from './commands/burst.command.js';
import { DeviceCommand } from './commands/device-command.command.js';
import { type FleetEvent, FleetEventCommand } from './commands/fleet-event.command.js';
import type { HubCommand } from './commands/hub-command.js';
import { ListCommand } from './commands/list.command.js';
import { MALFORMED, MalformedFrameCommand } from './commands/malformed-frame.command.js';
import { PipelineCommand } from './commands/pipeline.command.js';
import { SettleCommand } from './commands/settle.command.js';
import { SubscribeCommand } from './commands/subscribe.command.js';
import { UnknownTokenCommand } from './commands/unknown-token.command.js';
import { deviceCall } from './generators/device-call.js';
import type { HubModel, HubSession } from './hub-session.js';
import type { HubAppToken } from './plan-hub-grants.js';

export interface HubCast {
  /** Fleet devices the run may command and switch (at least one per list token, one granted to nobody). */
  readonly fleet: readonly string[];
  /** Every id commands may name: the fleet cast, a ghost, an unknown id. */
  readonly ids: readonly string[];
  readonly connections: readonly string[];
  /** The `"*"` token, for the capacity burst. */
  readonly starApp: string;
  /** The fleet can start devices the hub has never seen (FleetPort.appear). */
  readonly canAppear: boolean;
}

export interface HubCastInputs {
  readonly apps: readonly HubAppToken[];
  readonly fleetIds: readonly string[];
  readonly ghosts: readonly string[];
  readonly ungranted: readonly string[];
  readonly unknown: readonly string[];
  readonly canAppear?: boolean;
}

export function chooseCast(inputs: HubCastInputs, seed: number): HubCast {
  const random = createRandom(seed ^ 0x5eed);
  const fleet = new Set<string>();
  for (const app of inputs.apps)
    if (app.devices !== '*') {
      const mine = app.devices.filter((id) => inputs.fleetIds.includes(id));
      if (mine.length > 0) fleet.add(random.pick(mine));
    }
  if (inputs.ungranted.length > 0) fleet.add(random.pick(inputs.ungranted));
  if (fleet.size === 0 && inputs.fleetIds.length > 0) fleet.add(random.pick(inputs.fleetIds));
  const ids = [...fleet];
  if (inputs.ghosts.length > 0) ids.push(random.pick(inputs.ghosts));
  if (inputs.unknown.length > 0) ids.push(random.pick(inputs.unknown));
  const connections = inputs.apps.flatMap((a) => [`${a.name}#1`, `${a.name}#2`]);
  const starApp = inputs.apps.find((a) => a.devices === '*')?.name ?? (inputs.apps[0]?.name as string);
  return { fleet: [...fleet], ids, connections, starApp, canAppear: inputs.canAppear === true };
}

export interface HubArbitraryOptions {
  readonly maxCommands: number;
  readonly commandsReplayPath?: string;
}

const FLEET_EVENTS: fc.Arbitrary<FleetEvent> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'notify' } as const) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('graceful', 'abrupt').map((how) => ({ kind: 'offline', how }) as const),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'back' } as const) },
  { weight: 2, arbitrary: fc.constant({ kind: 'silent' } as const) },
  { weight: 2, arbitrary: fc.boolean().map((late) => ({ kind: 'slow', late }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'normal' } as const) },
);

export function hubCommand(
  cast: HubCast,
  models: ReadonlyMap<string, DeviceModel>,
): fc.Arbitrary<HubCommand> {
  // Each token's first connection most of the time: commands meet on one connection more often.
  const firsts = cast.connections.filter((c) => c.endsWith('#1'));
  const connection = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...firsts) },
    { weight: 1, arbitrary: fc.constantFrom(...cast.connections) },
  );
  // Fleet devices three times as often as a ghost or an unknown id: most commands should meet a device.
  const others = cast.ids.filter((x) => !cast.fleet.includes(x));
  const id = fc.oneof(
    { weight: 3 * cast.fleet.length, arbitrary: fc.constantFrom(...cast.fleet) },
    ...(others.length > 0 ? [{ weight: others.length, arbitrary: fc.constantFrom(...others) }] : []),
  );
  const fleetId = fc.constantFrom(...cast.fleet);
  const subscription: fc.Arbitrary<readonly string[] | '*'> = fc.oneof(
    { weight: 2, arbitrary: fc.constant('*' as const) },
    { weight: 2, arbitrary: fc.constant([] as string[]) },
    { weight: 3, arbitrary: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }) },
  );
  return fc.oneof(
    {
      weight: 10,
      arbitrary: fc
        .tuple(connection, id)
        .chain(([c, d]) => deviceCall(models.get(d)).map((call) => new DeviceCommand(c, d, call))),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(connection, id)
        .chain(([c, d]) =>
          fc
            .array(deviceCall(models.get(d)), { minLength: 2, maxLength: 3 })
            .map((calls) => new PipelineCommand(c, d, calls)),
        ),
    },
    { weight: 2, arbitrary: connection.map((c) => new ListCommand(c)) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(connection, fc.array(subscription, { minLength: 1, maxLength: 2 }))
        .map(([c, s]) => new SubscribeCommand(c, ...s)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(connection, fc.constantFrom(...BAD_PARAMS), id)
        .map(([c, k, d]) => new BadParamsCommand(c, k, d)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(connection, fc.constantFrom(...MALFORMED))
        .map(([c, k]) => new MalformedFrameCommand(c, k)),
    },
    { weight: 7, arbitrary: fc.tuple(fleetId, FLEET_EVENTS).map(([d, e]) => new FleetEventCommand(d, e)) },
    { weight: 2, arbitrary: connection.map((c) => new SettleCommand(c)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 16 }))
        .map(([n, k]) => new BurstCommand(cast.starApp, n, k, cast.fleet)),
    },
    { weight: 1, arbitrary: fc.constant(new UnknownTokenCommand()) },
    ...(cast.canAppear ? [{ weight: 2, arbitrary: fc.constant(new AppearCommand()) }] : []),
  );
}

export function hubCommands(
  cast: HubCast,
  models: ReadonlyMap<string, DeviceModel>,
  options: HubArbitraryOptions,
): fc.Arbitrary<Iterable<fc.AsyncCommand<HubModel, HubSession>>> {
  const constraints =
    options.commandsReplayPath === undefined
      ? { maxCommands: options.maxCommands, size: 'max' as const }
      : { maxCommands: options.maxCommands, size: 'max' as const, replayPath: options.commandsReplayPath };
  return fc.commands([hubCommand(cast, models)], constraints);
}

/** Runs every check opens with: the capacity of section 8 (8 connections × 16 in flight), an unknown token, an array frame. */
export function hubExamples(cast: HubCast): [Iterable<fc.AsyncCommand<HubModel, HubSession>>][] {
  const first = cast.connections[0] as string;
  return [
    [[new BurstCommand(cast.starApp, 8, 16, cast.fleet)]],
    [[new UnknownTokenCommand(), new MalformedFrameCommand(first, 'array')]],
  ];
}
