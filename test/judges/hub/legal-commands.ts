/**
 * Device commands in a legal hub history (PROTOCOL.md section 8), with every latency a correct
 * hub may take inside its windows:
 * - to a device offline in the hub's view (or a ghost): -4010; ungranted or unknown: -4012 (EDP-HUB-5);
 * - forwarded ones get the device's answer, or -4011 between D and D + 1 s, or -4010 when the hub
 *   learns the device went offline first (EDP-HUB-2);
 * - a fresh random id per forwarded command, one connection's commands to a device in order (EDP-HUB-1).
 */
import type { ReceivedRequest } from '../../../conformance/suites/hub/fleet-port.js';
import type { Draws } from './hub-history-script.js';
import type { AppLedger } from './legal-app-ledger.js';
import { error, refusal, shuffleKeys } from './legal-hub-answers.js';
import type { DeviceLog, LegalHubWorld } from './legal-hub-world.js';

export class LegalCommands {
  readonly #world: LegalHubWorld;
  readonly #ledger: AppLedger;
  /** The deadline D of the run. */
  readonly #deadlineMs: number;
  /** Per connection and device: the hub forwards one connection's commands to a device in order. */
  readonly #forwardAt = new Map<string, number>();
  readonly #receiveAt = new Map<string, number>();
  readonly #usedDeviceIds = new Set<string>();

  constructor(world: LegalHubWorld, ledger: AppLedger, deadlineMs: number) {
    this.#world = world;
    this.#ledger = ledger;
    this.#deadlineMs = deadlineMs;
  }

  /** One command `connection` sends at `s`, to a device, a ghost or the unknown id. */
  command(connection: string, s: number, d: Draws): void {
    const world = this.#world;
    const ledger = this.#ledger;
    const D = this.#deadlineMs;
    const { fleetIds, ghosts, unknown, grants, presence } = world;
    const app = world.appOf(connection);
    const pool = [...fleetIds, ...fleetIds, ...ghosts, unknown];
    const target = d.pick(pool);
    const kind = d.pick(['get_properties', 'set_properties', 'action', 'get_model'] as const);
    const value = Math.floor(d.next() * 3);
    const deviceParams =
      kind === 'get_properties'
        ? [{ siid: 2, piid: 1 }]
        : kind === 'set_properties'
          ? [{ siid: 2, piid: 1, value }]
          : kind === 'action'
            ? { siid: 2, aiid: 1, in: [{ piid: 1, value }] }
            : undefined;
    const params =
      kind === 'action'
        ? { deviceId: target, ...(deviceParams as object) }
        : kind === 'get_model'
          ? { deviceId: target }
          : { deviceId: target, items: deviceParams };
    const request = ledger.request(connection, s, `devices.${kind}`, params, {
      kind: 'device-command',
      deviceId: target,
      method: kind,
      deviceParams,
    });
    const p = ledger.read(connection, s, d);
    const answerAt = (atMs: number) => atMs + d.between(0, 30);
    const isGhost = ghosts.includes(target);
    // For "*", a ghost (granted to another token, never seen) may be refused or counted as granted.
    const refused = !world.granted(app, target) && !(isGhost && grants.get(app) === '*' && d.next() < 0.5);
    if (refused) {
      ledger.reply(request, answerAt(p), refusal());
      return;
    }
    if (isGhost || !world.hubOnline(target, p)) {
      ledger.reply(request, answerAt(p), error(-4010, 'device offline'));
      return;
    }
    const lane = `${connection} ${target}`;
    const f = Math.max(this.#forwardAt.get(lane) ?? 0, p + d.between(0, 10));
    this.#forwardAt.set(lane, f);
    const rcv = Math.max(this.#receiveAt.get(lane) ?? 0, f + d.between(0.1, 10));
    this.#receiveAt.set(lane, rcv);
    const changes = presence.get(target) ?? [];
    // The hub gives up at D, or earlier when it learns the device went offline.
    const offlineLearned = changes.find((c) => !c.online && c.learnedMs > p)?.learnedMs;
    // In flight when the hub's view went offline: -4010 then, or -4011 at D (exactly one of them).
    const giveUp = () =>
      offlineLearned !== undefined && offlineLearned < f + D && d.next() < 0.7
        ? ledger.reply(request, answerAt(offlineLearned), error(-4010, 'device offline'))
        : ledger.reply(request, f + D + d.between(0, 900), error(-4011, 'device did not answer'));
    if (!world.deviceOnline(target, rcv) || changes.some((c) => c.atMs > f && c.atMs <= rcv)) {
      giveUp();
      return;
    }
    const usedDeviceIds = this.#usedDeviceIds;
    let requestId = 1 + Math.floor(d.between(0, 2 ** 31 - 2));
    while (usedDeviceIds.has(`${target} ${requestId}`)) requestId = (requestId % (2 ** 31 - 1)) + 1;
    usedDeviceIds.add(`${target} ${requestId}`);
    const records = world.devices.get(target) as DeviceLog;
    records.received.push({
      atMs: rcv,
      id: requestId,
      method: kind,
      // get_model's params are the device's to ignore: the hub may send none, {} or [].
      ...(kind === 'get_model' ? { params: d.pick([undefined, {}, []]) } : { params: deviceParams }),
    } as ReceivedRequest);
    const behaviour = d.next();
    const answerTime =
      behaviour < 0.7 ? rcv + d.between(0, 300) : behaviour < 0.85 ? f + D + d.between(150, 800) : undefined;
    const result =
      kind === 'get_model'
        ? { edp: 1, model: `acme.${target}` }
        : kind === 'action'
          ? { code: 0, out: [] }
          : [{ siid: 2, piid: 1, code: 0, ...(kind === 'get_properties' ? { value: value === 1 } : {}) }];
    // A device offline before its answer time never answers.
    const cut = changes.find((c) => !c.online && c.atMs > rcv);
    if (answerTime === undefined || (cut !== undefined && cut.atMs <= answerTime)) {
      giveUp();
      return;
    }
    records.sent.push({ kind: 'response', atMs: answerTime, requestId, message: { id: requestId, result } });
    const hubGot = answerTime + d.between(0, 5);
    if (hubGot < f + D && (offlineLearned === undefined || offlineLearned > hubGot))
      ledger.reply(request, answerAt(hubGot), { result: shuffleKeys(result, d.next()) });
    else giveUp();
  }
}
