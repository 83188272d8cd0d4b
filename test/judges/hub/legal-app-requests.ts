/**
 * The requests a correct hub answers itself (PROTOCOL.md section 8), as legal histories play
 * them: `subscribe` (granted ids, or `"*"`; a ghost under `"*"` may be taken or refused),
 * `devices.list` (the grant, or for `"*"` every device the hub has seen, ghosts listed or not;
 * members in any order) and bad params (-32602). Ungranted and unknown ids: -4012 (EDP-HUB-5).
 */
import type { Draws } from './hub-history-script.js';
import type { AppLedger } from './legal-app-ledger.js';
import { error, refusal, shuffleKeys } from './legal-hub-answers.js';
import type { LegalHubWorld } from './legal-hub-world.js';

export function subscribe(
  world: LegalHubWorld,
  ledger: AppLedger,
  connection: string,
  t: number,
  d: Draws,
): void {
  const { fleetIds, ghosts, unknown, grants } = world;
  const app = world.appOf(connection);
  const pool = [...fleetIds, ...ghosts, unknown];
  const deviceIds: readonly string[] | '*' = d.next() < 0.3 ? '*' : pool.filter(() => d.next() < 0.35);
  const request = ledger.request(connection, t, 'subscribe', { deviceIds }, { kind: 'subscribe', deviceIds });
  const p = ledger.read(connection, t, d);
  const ok =
    deviceIds === '*' ||
    deviceIds.every(
      (id) => world.granted(app, id) || (grants.get(app) === '*' && ghosts.includes(id) && d.next() < 0.5),
    );
  if (ok)
    world.subscriptions
      .get(connection)
      ?.push({ fromMs: p, set: deviceIds === '*' ? '*' : new Set(deviceIds) });
  ledger.reply(request, p + d.between(0, 30), ok ? { result: {} } : refusal());
}

export function list(world: LegalHubWorld, ledger: AppLedger, connection: string, t: number, d: Draws): void {
  const request = ledger.request(connection, t, 'devices.list', {}, { kind: 'list' });
  const p = ledger.read(connection, t, d);
  const grant = world.grants.get(world.appOf(connection)) as readonly string[] | '*';
  const listed =
    grant === '*'
      ? [
          ...world.fleetIds.filter((id) => world.hubModel(id, p) !== null),
          ...(d.next() < 0.5 ? world.ghosts : []),
        ]
      : [...grant];
  const result = listed
    .sort()
    .map((id) =>
      shuffleKeys({ deviceId: id, model: world.hubModel(id, p), online: world.hubOnline(id, p) }, d.next()),
    );
  ledger.reply(request, p + d.between(0, 30), { result });
}

export function badParams(
  ledger: AppLedger,
  connection: string,
  deviceId: string,
  t: number,
  d: Draws,
): void {
  const params = d.next() < 0.5 ? { items: [] } : { deviceId, items: 'none' };
  ledger.request(
    connection,
    t,
    'devices.get_properties',
    params,
    'deviceId' in params ? { kind: 'bad-params', deviceId } : { kind: 'bad-params' },
    (request) =>
      ledger.reply(
        request,
        ledger.read(connection, t, d) + d.between(0, 30),
        error(-32602, 'invalid params'),
      ),
  );
}
