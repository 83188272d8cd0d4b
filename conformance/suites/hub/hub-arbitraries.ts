/**
 * The arbitraries of the hub suite: a command sequence over a small set of participants chosen from
 * the grants (a device of each list token, one granted to nobody, a ghost, an unknown id),
 * several connections per token. Small casts make collisions (two connections, one device;
 * an event, then a command to it) likely, and counterexamples short.
 */
import fc from 'fast-check';
import { createRandom } from '../../../src/index.js';
import type { DeviceModel } from '../../../src/model/index.js';
import {
  COMMAND_MIXES,
  type CommandKind,
  type CommandMix,
  type FleetEventKind,
  type MixFocus,
} from './command-mix.js';
import { AppearCommand } from './commands/appear.command.js';
import { BAD_PARAMS, BadParamsCommand } from './commands/bad-params.command.js';
import { BurstCommand } from './commands/burst.command.js';
import { CommandAfterFleetEvent } from './commands/command-after-fleet-event.command.js';
import { ConcurrentCommands } from './commands/concurrent-commands.command.js';
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

export interface HubParticipants {
  /** Fleet devices the run may command and switch (at least one per list token, one granted to nobody). */
  readonly fleet: readonly string[];
  /** Every id commands may name: the fleet participants, a ghost, an unknown id. */
  readonly ids: readonly string[];
  readonly connections: readonly string[];
  /** The `"*"` token, for the capacity burst. */
  readonly starApp: string;
  /** The fleet can start devices the hub has never seen (FleetPort.appear). */
  readonly canAppear: boolean;
  /** Each token's grant (subscription lists of a focused mix come from it). */
  readonly granted?: ReadonlyMap<string, readonly string[] | '*'>;
}

export interface HubParticipantsInputs {
  readonly apps: readonly HubAppToken[];
  readonly fleetIds: readonly string[];
  readonly ghosts: readonly string[];
  readonly ungranted: readonly string[];
  readonly unknown: readonly string[];
  readonly canAppear?: boolean;
}

export function chooseParticipants(inputs: HubParticipantsInputs, seed: number): HubParticipants {
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
  const granted = new Map(inputs.apps.map((a) => [a.name, a.devices] as const));
  return { fleet: [...fleet], ids, connections, starApp, canAppear: inputs.canAppear === true, granted };
}

export interface HubArbitraryOptions {
  readonly maxCommands: number;
  readonly commandsReplayPath?: string;
}

function fleetEvents(mix: CommandMix): fc.Arbitrary<FleetEvent> {
  const byKind: Record<FleetEventKind, fc.Arbitrary<FleetEvent>> = {
    notify: fc
      .integer({ min: 1, max: mix.maxNotifyTimes })
      .map((times) => ({ kind: 'notify', times }) as const),
    offline: fc.constantFrom('graceful', 'abrupt').map((how) => ({ kind: 'offline', how }) as const),
    back: fc.constant({ kind: 'back' } as const),
    silent: fc.constant({ kind: 'silent' } as const),
    slow: fc.boolean().map((late) => ({ kind: 'slow', late }) as const),
    normal: fc.constant({ kind: 'normal' } as const),
  };
  return fc.oneof(
    ...(Object.entries(mix.fleetEvents) as [FleetEventKind, number][])
      .filter(([, weight]) => weight > 0)
      .map(([kind, weight]) => ({ weight, arbitrary: byKind[kind] })),
  );
}

/** The app of a connection name (`app-b#2` → `app-b`). */
const appOf = (connection: string) => connection.replace(/#\d+$/, '');

export function hubCommand(
  participants: HubParticipants,
  models: ReadonlyMap<string, DeviceModel>,
  focus: MixFocus = 'all',
): fc.Arbitrary<HubCommand> {
  const mix = COMMAND_MIXES[focus];
  // Each token's first connection most of the time: commands meet on one connection more often.
  const firsts = participants.connections.filter((c) => c.endsWith('#1'));
  const connection =
    mix.connections === 'first'
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...firsts) },
          { weight: 1, arbitrary: fc.constantFrom(...participants.connections) },
        )
      : fc.constantFrom(...participants.connections);
  // Fleet devices more often than a ghost or an unknown id: most commands should meet a device.
  const others = participants.ids.filter((x) => !participants.fleet.includes(x));
  const id = fc.oneof(
    {
      weight: mix.fleetIdWeight * participants.fleet.length,
      arbitrary: fc.constantFrom(...participants.fleet),
    },
    ...(others.length > 0 ? [{ weight: others.length, arbitrary: fc.constantFrom(...others) }] : []),
  );
  const fleetId = fc.constantFrom(...participants.fleet);
  // A focused mix (EDP-HUB-1..4) names the ids the connection's token is granted: what those
  // rules judge happens only there (EDP-HUB-5 judges the others).
  const idFor = (c: string): fc.Arbitrary<string> => {
    const granted = participants.granted?.get(appOf(c));
    if (!mix.grantedIds || granted === undefined) return id;
    const mine = granted === '*' ? participants.fleet : participants.ids.filter((x) => granted.includes(x));
    const fleetMine = mine.filter((x) => participants.fleet.includes(x));
    const otherMine = mine.filter((x) => !participants.fleet.includes(x));
    if (fleetMine.length === 0) return mine.length === 0 ? id : fc.constantFrom(...mine);
    return fc.oneof(
      { weight: mix.fleetIdWeight * fleetMine.length, arbitrary: fc.constantFrom(...fleetMine) },
      ...(otherMine.length > 0
        ? [{ weight: otherMine.length, arbitrary: fc.constantFrom(...otherMine) }]
        : []),
    );
  };
  const listOf = idFor;
  const withId = (c: string) => idFor(c).map((d) => [c, d] as const);
  const subscription = (c: string): fc.Arbitrary<readonly string[] | '*'> =>
    fc.oneof(
      { weight: mix.subscriptions.star, arbitrary: fc.constant('*' as const) },
      { weight: mix.subscriptions.none, arbitrary: fc.constant([] as string[]) },
      {
        weight: mix.subscriptions.list,
        arbitrary: fc.uniqueArray(listOf(c), { minLength: 1, maxLength: 3 }),
      },
    );
  const call = (c: string, d: string) => deviceCall(models.get(d)).map((x) => new DeviceCommand(c, d, x));
  const byKind: Record<CommandKind, () => fc.Arbitrary<HubCommand>> = {
    device: () => connection.chain(withId).chain(([c, d]) => call(c, d)),
    pipeline: () =>
      connection
        .chain(withId)
        .chain(([c, d]) =>
          fc
            .array(deviceCall(models.get(d)), { minLength: 2, maxLength: 3 })
            .map((calls) => new PipelineCommand(c, d, calls)),
        ),
    // Both connections of one token, a command each, in flight at once.
    together: () =>
      fc
        .constantFrom(...firsts)
        .chain((c) => fc.tuple(fc.constant(c), idFor(c), idFor(c)))
        .chain(([c, d1, d2]) =>
          fc
            .tuple(call(c, d1), call(c.replace(/#1$/, '#2'), d2))
            .map((parts) => new ConcurrentCommands(parts)),
        ),
    list: () => connection.map((c) => new ListCommand(c)),
    subscribe: () =>
      connection.chain((c) =>
        fc
          .array(subscription(c), { minLength: 1, maxLength: mix.maxSubscribeSets ?? 2 })
          .map((s) => new SubscribeCommand(c, ...s)),
      ),
    'bad-params': () =>
      connection
        .chain(withId)
        .chain(([c, d]) => fc.constantFrom(...BAD_PARAMS).map((k) => new BadParamsCommand(c, k, d))),
    malformed: () =>
      fc.tuple(connection, fc.constantFrom(...MALFORMED)).map(([c, k]) => new MalformedFrameCommand(c, k)),
    'fleet-event': () =>
      fc.tuple(fleetId, fleetEvents(mix)).map(([d, e]) => new FleetEventCommand(d, e, mix.presenceWait)),
    // A fleet event, then a command to that device from a connection granted it.
    'event-then-command': () =>
      fc.tuple(fleetId, fleetEvents(mix)).chain(([d, e]) => {
        const granted = participants.connections.filter((c) => {
          const g = participants.granted?.get(appOf(c));
          return g === '*' || g?.includes(d) === true;
        });
        return fc
          .constantFrom(...(granted.length > 0 ? granted : participants.connections))
          .chain((c) => call(c, d))
          .map(
            (command) => new CommandAfterFleetEvent(new FleetEventCommand(d, e, mix.presenceWait), command),
          );
      }),
    settle: () => connection.map((c) => new SettleCommand(c)),
    burst: () =>
      fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }))
        .map(([n, k]) => new BurstCommand(participants.starApp, n, k, participants.fleet)),
    'unknown-token': () => fc.constant(new UnknownTokenCommand()),
    appear: () => fc.constant(new AppearCommand(mix.presenceWait)),
  };
  return fc.oneof(
    ...(Object.entries(mix.commands) as [CommandKind, number][])
      .filter(([kind, weight]) => weight > 0 && (kind !== 'appear' || participants.canAppear))
      .map(([kind, weight]) => ({ weight, arbitrary: byKind[kind]() })),
  );
}

export function hubCommands(
  participants: HubParticipants,
  models: ReadonlyMap<string, DeviceModel>,
  options: HubArbitraryOptions,
  focus: MixFocus = 'all',
): fc.Arbitrary<Iterable<fc.AsyncCommand<HubModel, HubSession>>> {
  const constraints =
    options.commandsReplayPath === undefined
      ? { maxCommands: options.maxCommands, size: 'max' as const }
      : { maxCommands: options.maxCommands, size: 'max' as const, replayPath: options.commandsReplayPath };
  return fc.commands([hubCommand(participants, models, focus)], constraints);
}

/** Runs every check opens with: the capacity of section 8 (8 connections × 16 in flight), an unknown token, an array frame. */
export function hubExamples(
  participants: HubParticipants,
): [Iterable<fc.AsyncCommand<HubModel, HubSession>>][] {
  const first = participants.connections[0] as string;
  return [
    [[new BurstCommand(participants.starApp, 8, 16, participants.fleet)]],
    [[new UnknownTokenCommand(), new MalformedFrameCommand(first, 'array')]],
  ];
}
