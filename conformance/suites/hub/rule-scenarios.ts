/**
 * Seeds never decide (issue 18 item 6): the fleet-event sequences a rule's verdict depends on,
 * enumerated per rule and run in every certification before its random exploration, whatever
 * the seed. Each scenario is a fixed app session built from the grants and the fleet (no dice):
 * per binding (MQTT, WebSocket) a device going offline gracefully and abruptly (a WebSocket
 * device's connection closing), coming back, going offline before a subscribe, a device
 * appearing while a `"*"` subscriber listens, a subscription replaced, a connection that never
 * subscribed, a list token's `"*"` beside devices it is not granted, and section 3's envelope
 * cases over the Hub API. A scenario that breaks its rule fails it with the replay token
 * `SEED:0@scenario:N` (N its index in the rule's list), replayed with `--only RULE`.
 */

import { AppearCommand } from './commands/appear.command.js';
import { CommandAfterFleetEvent } from './commands/command-after-fleet-event.command.js';
import { ConcurrentCommands } from './commands/concurrent-commands.command.js';
import { DeviceCommand } from './commands/device-command.command.js';
import { type FleetEvent, FleetEventCommand } from './commands/fleet-event.command.js';
import type { HubCommand } from './commands/hub-command.js';
import { ListCommand } from './commands/list.command.js';
import { MALFORMED, MalformedFrameCommand } from './commands/malformed-frame.command.js';
import { PipelineCommand } from './commands/pipeline.command.js';
import { SettleCommand } from './commands/settle.command.js';
import { StayAwayCommand } from './commands/stay-away.command.js';
import { SubscribeCommand } from './commands/subscribe.command.js';
import type { FleetBinding, FleetDevice } from './fleet-port.js';
import type { DeviceCall } from './generators/device-call.js';
import type { HubRuleId } from './hub-rule-ids.js';
import type { HubAppToken } from './plan-hub-grants.js';

export interface ScenarioInputs {
  readonly apps: readonly HubAppToken[];
  /** The fleet as it started (late devices excluded: they come and go by the scenarios' own `appear`). */
  readonly devices: readonly FleetDevice[];
  /** Ids granted to a list token that never run. */
  readonly ghosts: readonly string[];
  /** Ids nobody has. */
  readonly unknown: readonly string[];
  readonly canAppear: boolean;
}

export interface RuleScenario {
  /** What the scenario is about, for the report and tests. */
  readonly name: string;
  readonly commands: readonly HubCommand[];
}

/** Every command needs no model: `get_model` is a device method every device has. */
const GET_MODEL: DeviceCall = { method: 'get_model', deviceParams: undefined, label: '' };

/** Reads every model has (device-information, service 1), told apart by their params. */
const READ = (piid: number): DeviceCall => ({
  method: 'get_properties',
  deviceParams: [{ siid: 1, piid }],
  label: `siid 1 piid ${piid}`,
});

const command = (connection: string, deviceId: string) => new DeviceCommand(connection, deviceId, GET_MODEL);
const event = (deviceId: string, e: FleetEvent, wait: 'until-heard' | 'brief' = 'until-heard') =>
  new FleetEventCommand(deviceId, e, wait);
const GRACEFUL: FleetEvent = { kind: 'offline', how: 'graceful' };
const ABRUPT: FleetEvent = { kind: 'offline', how: 'abrupt' };
const BACK: FleetEvent = { kind: 'back' };
const NOTIFY: FleetEvent = { kind: 'notify' };
/** Longer than EDP-HUB-4's 2 s presence window: a comeback announced meanwhile is one the device did not make. */
const AWAY_MS = 3_000;

export function ruleScenarios(inputs: ScenarioInputs, rule: HubRuleId): RuleScenario[] {
  const star = inputs.apps.find((a) => a.devices === '*');
  const lists = inputs.apps.filter((a) => a.devices !== '*');
  const grantedTo = (app: HubAppToken, id: string) => app.devices === '*' || app.devices.includes(id);
  // A list token with a fleet device (the first one that has), and its fleet devices.
  const listApp = lists.find((a) => inputs.devices.some((d) => grantedTo(a, d.deviceId)));
  const listDevices =
    listApp === undefined ? [] : inputs.devices.filter((d) => grantedTo(listApp, d.deviceId));
  // One device per binding the fleet has: a list token's when it can, so both kinds of token meet it.
  const perBinding = (['mqtt', 'ws'] as FleetBinding[]).flatMap((binding) => {
    const mine = inputs.devices.filter((d) => d.binding === binding);
    const pick = mine.find((d) => listDevices.includes(d)) ?? mine[0];
    return pick === undefined ? [] : [pick];
  });
  const starConn = star === undefined ? undefined : `${star.name}#1`;
  const out: RuleScenario[] = [];
  const add = (name: string, ...commands: HubCommand[]) => out.push({ name, commands });
  switch (rule) {
    case 'EDP-HUB-1':
      for (const d of perBinding) {
        const app = listDevices.includes(d) && listApp ? listApp : star;
        if (app === undefined) continue;
        const [conn1, conn2] = [`${app.name}#1`, `${app.name}#2`];
        // One after the other (the first answered before the second goes): each under a fresh id.
        add(
          `a ${d.binding} device commanded twice, one after the other`,
          new DeviceCommand(conn1, d.deviceId, READ(1)),
          new SettleCommand(conn1),
          new DeviceCommand(conn1, d.deviceId, READ(2)),
        );
        // Several in flight to one device on one connection: ids, order, each answer to its own.
        add(
          `three commands in a row to a ${d.binding} device`,
          new PipelineCommand(conn1, d.deviceId, [READ(1), READ(2), GET_MODEL]),
        );
        // Both connections of one token at once: each answer reaches the connection that asked.
        add(
          `both connections of one token command a ${d.binding} device at once`,
          new ConcurrentCommands([
            new DeviceCommand(conn1, d.deviceId, READ(1)),
            new DeviceCommand(conn2, d.deviceId, READ(2)),
          ]),
        );
      }
      break;
    case 'EDP-HUB-2': {
      const anyConn = starConn ?? (listApp ? `${listApp.name}#1` : undefined);
      if (anyConn !== undefined)
        add(
          "section 3's envelope cases over the Hub API",
          ...MALFORMED.map((k) => new MalformedFrameCommand(anyConn, k)),
        );
      if (starConn === undefined) break;
      for (const d of perBinding) {
        const id = d.deviceId;
        // Subscribed to "*" first, so the session hears the hub learn of the change before the command.
        const sub = () => new SubscribeCommand(starConn, '*');
        for (const how of [GRACEFUL, ABRUPT])
          add(
            `a command to a ${d.binding} device that went offline (${how.kind === 'offline' ? how.how : ''})`,
            sub(),
            new CommandAfterFleetEvent(event(id, how), command(starConn, id)),
          );
        add(
          `a command to a ${d.binding} device that does not answer`,
          new CommandAfterFleetEvent(event(id, { kind: 'silent' }), command(starConn, id)),
        );
        add(
          `a command to a ${d.binding} device that answers after D`,
          new CommandAfterFleetEvent(event(id, { kind: 'slow', late: true }), command(starConn, id)),
          new SettleCommand(starConn),
        );
      }
      break;
    }
    case 'EDP-HUB-3': {
      const conn1 = listApp === undefined ? undefined : `${listApp.name}#1`;
      const conn2 = listApp === undefined ? undefined : `${listApp.name}#2`;
      const [a1, a2] = listDevices;
      if (conn1 !== undefined && conn2 !== undefined && a1 !== undefined) {
        const other = a2?.deviceId ?? inputs.ghosts.find((g) => listApp?.devices.includes(g));
        if (other !== undefined)
          add(
            'a subscription replaced by another list, then the first device notifies',
            new SubscribeCommand(conn1, [a1.deviceId], [other]),
            event(a1.deviceId, NOTIFY),
            ...(a2 === undefined ? [] : [event(a2.deviceId, NOTIFY)]),
          );
        // Narrowed, not replaced (issue 18, partner 4's unsub-leak): [dropped, kept] then [kept];
        // the dropped device notifies after the answer (must not be delivered), the kept one too (must).
        const kept = a2?.deviceId ?? other;
        if (kept !== undefined)
          add(
            'a subscription narrowed from two devices to one, then the dropped device and the kept one notify',
            new SubscribeCommand(conn1, [a1.deviceId, kept], [kept]),
            event(a1.deviceId, NOTIFY),
            ...(a2 === undefined ? [] : [event(a2.deviceId, NOTIFY)]),
          );
        add(
          'a subscription replaced by [], then the device notifies',
          new SubscribeCommand(conn1, [a1.deviceId], []),
          event(a1.deviceId, NOTIFY),
        );
        add(
          'a connection granted the device that never subscribed, beside one that did',
          new ListCommand(conn2),
          new SettleCommand(conn2),
          new SubscribeCommand(conn1, [a1.deviceId]),
          event(a1.deviceId, NOTIFY),
        );
      }
      if (starConn === undefined) break;
      for (const d of perBinding)
        add(
          `"*" subscribed while a ${d.binding} device is offline; it comes back and notifies`,
          event(d.deviceId, GRACEFUL, 'brief'),
          new SubscribeCommand(starConn, '*'),
          event(d.deviceId, BACK, 'until-heard'),
          event(d.deviceId, NOTIFY),
        );
      if (inputs.canAppear)
        add(
          '"*" subscribed, then a new device appears and notifies',
          new SubscribeCommand(starConn, '*'),
          new AppearCommand('until-heard'),
        );
      break;
    }
    case 'EDP-HUB-4': {
      if (starConn === undefined) break;
      for (const d of perBinding) {
        const id = d.deviceId;
        for (const how of [GRACEFUL, ABRUPT])
          add(
            `a ${d.binding} device goes offline (${how.kind === 'offline' ? how.how : ''}) and comes back, "*" subscribed`,
            new SubscribeCommand(starConn, '*'),
            event(id, how, 'brief'),
            event(id, BACK, 'brief'),
          );
        add(
          `a ${d.binding} device offline before the subscribe comes back, then drops`,
          event(id, GRACEFUL, 'brief'),
          new SubscribeCommand(starConn, '*'),
          event(id, BACK, 'brief'),
          event(id, ABRUPT, 'brief'),
        );
        // A WebSocket device away longer than the presence window (issue 18, partner 4's
        // presence-early): online before its `hello` on the hub's next connection is a presence it did not have.
        if (d.binding === 'ws')
          add(
            `a ws device's connection closes and it stays away ${AWAY_MS} ms before it comes back, "*" subscribed`,
            new SubscribeCommand(starConn, '*'),
            event(id, ABRUPT, 'brief'),
            new StayAwayCommand(id, AWAY_MS),
            event(id, BACK, 'brief'),
          );
        const conn = listApp !== undefined && listDevices.includes(d) ? `${listApp.name}#1` : undefined;
        if (conn !== undefined)
          add(
            `a ${d.binding} device in a subscription list drops and comes back`,
            new SubscribeCommand(conn, [id]),
            event(id, ABRUPT, 'brief'),
            event(id, BACK, 'brief'),
          );
      }
      if (inputs.canAppear)
        add(
          'a new device appears, "*" subscribed',
          new SubscribeCommand(starConn, '*'),
          new AppearCommand('brief'),
        );
      break;
    }
    case 'EDP-HUB-5': {
      if (listApp === undefined) break;
      const conn = `${listApp.name}#1`;
      const notMine = inputs.devices.filter((d) => !grantedTo(listApp, d.deviceId));
      add('devices.list on a list token', new ListCommand(conn));
      const refused = [...notMine.map((d) => d.deviceId), ...inputs.unknown];
      if (refused.length > 0)
        add(
          'commands and a subscription naming devices the token is not granted',
          ...refused.slice(0, 3).map((id) => command(conn, id)),
          new SubscribeCommand(conn, [refused[0] as string]),
        );
      // A list token subscribed to "*": the devices it is not granted notify and flap.
      const others = perBindingOf(notMine);
      if (others.length > 0)
        add(
          '"*" on a list token while devices it is not granted notify and go offline',
          new SubscribeCommand(conn, '*'),
          ...others.flatMap((d) => [
            event(d.deviceId, NOTIFY),
            event(d.deviceId, ABRUPT, 'brief'),
            event(d.deviceId, BACK, 'brief'),
          ]),
        );
      if (inputs.canAppear)
        add(
          '"*" on a list token, then a new device (granted to no list) appears and notifies',
          new SubscribeCommand(conn, '*'),
          new AppearCommand('brief'),
        );
      break;
    }
  }
  return out;
}

/** One device per binding, in fleet order. */
function perBindingOf(devices: readonly FleetDevice[]): FleetDevice[] {
  return (['mqtt', 'ws'] as FleetBinding[]).flatMap((b) => {
    const d = devices.find((x) => x.binding === b);
    return d === undefined ? [] : [d];
  });
}
