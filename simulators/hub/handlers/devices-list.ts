/**
 * `devices.list` → one `{ deviceId, model, online }` per device the token is granted, offline
 * ones included, sorted by deviceId; `model` null when never seen (EDP-HUB-5). Params ignored.
 */
import type { HubHandler } from './types.js';

export const devicesList: HubHandler = (request, connection, context) => {
  const { directory, faults } = context;
  const { grant } = connection;
  // fault hook: list-ungranted
  const everything = faults.has('list-ungranted');
  const ids = grant.devices === '*' || everything ? directory.ids() : [...grant.devices].sort();
  const items = [];
  for (const deviceId of ids) {
    const view = directory.view(deviceId);
    items.push({ deviceId, model: view?.model ?? null, online: view?.online === true });
  }
  connection.answer(request.id, 'result', JSON.stringify(items));
};
