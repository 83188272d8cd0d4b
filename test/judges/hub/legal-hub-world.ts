/**
 * The world of a legal hub history (PROTOCOL.md section 8) as the builder keeps it: the fleet,
 * the ghost and the unknown id, the apps' grants and connections, what each device received and
 * sent, the presence timeline (when each change happened and when the hub's view took it), and
 * each connection's subscriptions as the hub holds them. Its questions (online in the device's
 * or the hub's view, granted, subscribed) are the protocol's, answered from that data alone.
 */
import type { ReceivedRequest, SentMessage } from '../../../conformance/suites/hub/fleet-port.js';
import type { Script } from './hub-history-script.js';

export interface PresenceChange {
  readonly atMs: number;
  readonly online: boolean;
  /** When the hub's view took it. */
  readonly learnedMs: number;
}

/** What one device received from the hub and sent to it. */
export interface DeviceLog {
  readonly received: ReceivedRequest[];
  readonly sent: SentMessage[];
}

type SubscriptionSet = '*' | ReadonlySet<string>;

export class LegalHubWorld {
  readonly fleetIds: readonly string[];
  /** A ghost is an id some list grants that never comes online. */
  readonly ghosts: readonly string[] = ['ghost-0a1'];
  readonly unknown = 'nobody-77';
  readonly grants: Map<string, readonly string[] | '*'>;
  readonly connections: readonly string[] = ['app-a#1', 'app-b#1', 'app-c#1', 'app-b#2'];
  readonly devices: Map<string, DeviceLog>;
  readonly presence: Map<string, PresenceChange[]>;
  /** Subscription sets as the hub holds them, changing at the time it processed each subscribe. */
  readonly subscriptions: Map<string, { fromMs: number; set: SubscriptionSet }[]>;

  constructor(script: Script) {
    const fleetIds = Array.from(
      { length: script.fleetSize },
      (_, i) => `dev-${String(i + 1).padStart(4, '0')}`,
    );
    this.fleetIds = fleetIds;
    const grantA = [
      ...fleetIds.filter((_, i) => script.grantA[i]),
      ...(script.ghostListed ? this.ghosts : []),
    ].sort();
    const grantC = [...fleetIds.filter((_, i) => script.grantC[i]), ...this.ghosts].sort();
    this.grants = new Map<string, readonly string[] | '*'>([
      ['app-a', grantA],
      ['app-b', '*'],
      ['app-c', grantC],
    ]);
    this.devices = new Map(fleetIds.map((id) => [id, { received: [], sent: [] }]));
    this.presence = new Map(fleetIds.map((id) => [id, []]));
    this.subscriptions = new Map(this.connections.map((c) => [c, [{ fromMs: 0, set: new Set<string>() }]]));
    // Devices not late are online from the start (the first is never late).
    fleetIds.forEach((id, i) => {
      if (script.late[i] && i > 0) return;
      this.devices.get(id)?.sent.push({ kind: 'presence', atMs: 0, online: true, cause: 'connect' });
      this.presence.get(id)?.push({ atMs: 0, online: true, learnedMs: 0 });
    });
  }

  appOf(connection: string): string {
    return connection.replace(/#\d+$/, '');
  }

  /** Whether a token is granted a device (for "*", every fleet device; ghosts are decided per answer). */
  granted(app: string, id: string): boolean {
    const g = this.grants.get(app);
    return g === '*' ? this.fleetIds.includes(id) : (g ?? []).includes(id);
  }

  deviceOnline(id: string, atMs: number): boolean {
    let online = false;
    for (const c of this.presence.get(id) ?? []) if (c.atMs <= atMs) online = c.online;
    return online;
  }

  hubOnline(id: string, atMs: number): boolean {
    let online = false;
    for (const c of this.presence.get(id) ?? []) if (c.learnedMs <= atMs) online = c.online;
    return online;
  }

  hubModel(id: string, atMs: number): string | null {
    return (this.presence.get(id) ?? []).some((c) => c.online && c.learnedMs <= atMs) ? `acme.${id}` : null;
  }

  subscribedAt(connection: string, id: string, atMs: number): boolean {
    let set: SubscriptionSet = new Set();
    for (const s of this.subscriptions.get(connection) ?? []) if (s.fromMs <= atMs) set = s.set;
    return set === '*' ? this.granted(this.appOf(connection), id) : set.has(id);
  }
}
