/**
 * App tokens and what each may see (EDP-HUB-5). A list grant covers exactly its ids (seen or
 * not: a granted device never seen is listed offline); `"*"` covers every device the hub knows,
 * now and later. Tokens are compared in constant time and never logged: a connection is named
 * by its app's index in the configuration.
 */
import type { HubAppGrant } from '../../src/hub/index.js';
import { tokenMatches } from '../bindings/ws/bearer.js';
import type { DeviceDirectory } from './directory.js';

export interface Grant {
  /** `app#N`, N the index of the first `apps` entry with this token: for logs, never the token. */
  readonly name: string;
  /** `"*"` or the granted ids. */
  readonly devices: ReadonlySet<string> | '*';
  covers(deviceId: string): boolean;
}

export class AppGrants {
  readonly #grants: { readonly token: string; readonly grant: Grant }[] = [];

  /** The same token listed twice gets the union of its entries (`"*"` wins). */
  constructor(apps: readonly HubAppGrant[], directory: DeviceDirectory) {
    const byToken = new Map<string, { name: string; devices: Set<string> | '*' }>();
    apps.forEach((app, index) => {
      const known = byToken.get(app.token);
      if (known === undefined) {
        byToken.set(app.token, {
          name: `app#${index}`,
          devices: app.devices === '*' ? '*' : new Set(app.devices),
        });
      } else if (app.devices === '*') known.devices = '*';
      else if (known.devices !== '*') for (const id of app.devices) known.devices.add(id);
    });
    for (const [token, { name, devices }] of byToken) {
      const grant: Grant =
        devices === '*'
          ? { name, devices, covers: (id) => directory.knows(id) }
          : { name, devices, covers: (id) => devices.has(id) };
      this.#grants.push({ token, grant: Object.freeze(grant) });
    }
  }

  /** The grant of the presented bearer token, or undefined (HTTP 401 before the upgrade). */
  find(presented: string | undefined): Grant | undefined {
    let found: Grant | undefined;
    // Every token is compared, so the time taken says nothing about which one matched.
    for (const { token, grant } of this.#grants) if (tokenMatches(presented, token)) found ??= grant;
    return found;
  }
}

/** Every device id named in a list grant: the hub knows them from its configuration, seen or not. */
export function namedDeviceIds(apps: readonly HubAppGrant[]): string[] {
  const ids = new Set<string>();
  for (const app of apps) if (app.devices !== '*') for (const id of app.devices) ids.add(id);
  return [...ids];
}
