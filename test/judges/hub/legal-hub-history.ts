/**
 * Legal hub histories (PROTOCOL.md section 8), built from the protocol's rules directly: a
 * fast-check arbitrary of scripts (fleet events, app requests, device behaviour, and every
 * latency a correct hub may take inside its windows), and a pure builder that plays the script
 * against a hub written here as data, choosing only what section 8 allows:
 * - presence reaches the hub 0..1.5 s after the device sends it, subscribers within 2 s (EDP-HUB-4):
 *   legal-presence-timeline.ts, legal-deliveries.ts;
 * - device notifications reach the hub 0..0.8 s later, each subscribed connection once, in order,
 *   within 1 s (EDP-HUB-3), a notification just before an abrupt cut may be lost with it:
 *   legal-deliveries.ts;
 * - commands to a device offline in the hub's view get -4010; forwarded ones the device's answer,
 *   or -4011 between D and D + 1 s, or -4010 when the device goes offline first (EDP-HUB-2);
 *   a fresh random id per forwarded command, one connection's commands in order (EDP-HUB-1):
 *   legal-commands.ts;
 * - ungranted and unknown ids -4012 with one message, `"*"` ghosts listed or not (EDP-HUB-5):
 *   legal-app-requests.ts;
 * - presence changes and notifications from just before the session, still in their window,
 *   delivered into it to whoever is subscribed when the hub sends them: legal-pre-session.ts.
 * The fleet, grants and what the hub's view holds are in legal-hub-world.ts. It shares no code
 * with the reference hub, the simulators, or the judge.
 */
import type fc from 'fast-check';
import type { DeviceRecords } from '../../../conformance/suites/hub/fleet-port.js';
import type { HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';
import { Draws, type Script, scriptArb } from './hub-history-script.js';
import { AppLedger } from './legal-app-ledger.js';
import { badParams, list, subscribe } from './legal-app-requests.js';
import { LegalCommands } from './legal-commands.js';
import {
  deliverNotifications,
  deliverPresence,
  type SentNotification,
  sendBurst,
} from './legal-deliveries.js';
import { LegalHubWorld } from './legal-hub-world.js';
import { playPreSession } from './legal-pre-session.js';
import { type HeldBackComeback, playPresence } from './legal-presence-timeline.js';

export type { HeldBackComeback } from './legal-presence-timeline.js';

const START_MS = 1;

/** A legal history and what the builder knows about it (for the mutators). */
export interface LegalHistory {
  readonly record: HubRunRecord;
  readonly fleetIds: readonly string[];
  readonly ghosts: readonly string[];
  readonly unknown: string;
}

export const legalHubHistory: fc.Arbitrary<LegalHistory> = scriptArb.map((script) =>
  buildLegalHistory(script),
);

export function buildLegalHistory(script: Script, heldBack?: HeldBackComeback): LegalHistory {
  const D = script.deadlineMs;
  const world = new LegalHubWorld(script);
  const { fleetIds, ghosts, unknown, connections } = world;
  // First the fleet's presence (so every later choice knows the whole timeline), then the rest.
  const notifications: SentNotification[] = playPreSession(world, script, START_MS);
  const { times, lastMs, stall } = playPresence(world, script, heldBack);
  const ledger = new AppLedger();
  const commands = new LegalCommands(world, ledger, D);
  script.steps.forEach((step, k) => {
    const t = times[k] as number;
    const d = new Draws(step.r);
    const deviceId = fleetIds[step.device % fleetIds.length] as string;
    const connection = connections[step.connection % connections.length] as string;
    switch (step.kind) {
      case 'offline':
      case 'comeback':
        break;
      case 'notify':
        sendBurst(world, deviceId, t, d, notifications);
        break;
      case 'subscribe':
        subscribe(world, ledger, connection, t, d);
        break;
      case 'list':
        list(world, ledger, connection, t, d);
        break;
      case 'bad-params':
        badParams(ledger, connection, deviceId, t, d);
        break;
      case 'command':
        commands.command(connection, t, d);
        break;
    }
  });

  // Notifications and presence to subscribers, now that every subscription is known.
  const { frames } = ledger;
  deliverPresence(world, START_MS, frames);
  deliverNotifications(world, notifications, frames);

  frames.sort((a, b) => a.atMs - b.atMs);
  for (const r of world.devices.values()) {
    r.received.sort((a, b) => a.atMs - b.atMs);
    r.sent.sort((a, b) => a.atMs - b.atMs);
  }
  const record: HubRunRecord = {
    startMs: START_MS,
    endMs: lastMs + D + 6_000,
    deadlineMs: D,
    grants: world.grants,
    fleetIds,
    modelIds: new Map(fleetIds.map((id) => [id, `acme.${id}`])),
    connections: connections.map((name) => ({
      name,
      app: world.appOf(name),
      openedAtMs: START_MS,
      droppedFrames: 0,
    })),
    requests: ledger.requests,
    frames,
    upgrades: [{ atMs: START_MS, command: 'an unknown token upgrades', outcome: 401 }],
    devices: world.devices as Map<string, DeviceRecords>,
    ...(stall === undefined
      ? {}
      : {
          lateness: [
            { atMs: START_MS, lateMs: 0 },
            { atMs: stall.atMs, lateMs: 0 },
            { atMs: stall.atMs + stall.ms, lateMs: stall.ms },
          ],
        }),
  };
  return { record, fleetIds, ghosts, unknown };
}
