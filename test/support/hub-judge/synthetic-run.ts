/**
 * Synthetic run records for the judge's own tests: a tiny fleet and an ideal hub written as
 * data, which each test then breaks in one way. Test support only (no network).
 */
import type {
  DeviceRecords,
  ReceivedRequest,
  SentMessage,
} from '../../../conformance/suites/hub/fleet-port.js';
import type {
  AppFrame,
  AppIntent,
  AppRequest,
  HubRunRecord,
} from '../../../conformance/suites/hub/hub-run-record.js';

export const D = 1000;

/** Request `id` of `connection` (`app#n`), as a run record holds it. */
export function appRequest(
  connection: string,
  id: number,
  atMs: number,
  method: string,
  params: unknown,
  intent: AppIntent,
): AppRequest {
  return {
    connection,
    app: connection.replace(/#\d+$/, ''),
    id,
    frame: { id, method, params },
    sentAtMs: atMs,
    intent,
    command: `${connection} ${method} ${JSON.stringify(params)}`,
  };
}

export class SyntheticRun {
  readonly requests: AppRequest[] = [];
  readonly frames: AppFrame[] = [];
  readonly devices = new Map<string, { received: ReceivedRequest[]; sent: SentMessage[] }>();
  readonly upgrades: HubRunRecord['upgrades'][number][] = [];
  private readonly ids = new Map<string, number>();
  private nextDeviceId = 1000;
  endMs = 10_000;
  /** Frames each connection's recorder dropped beyond its limit (a flooding hub). */
  readonly droppedFrames = new Map<string, number>();

  constructor(
    readonly grants = new Map<string, readonly string[] | '*'>([
      ['app-a', ['bulb-0001', 'ghost-0001']],
      ['app-b', '*'],
      ['app-c', ['tv-0001']],
    ]),
    readonly fleetIds = ['bulb-0001', 'bulb-0002', 'tv-0001'],
  ) {
    for (const id of fleetIds)
      this.device(id).sent.push({ kind: 'presence', atMs: 0, online: true, cause: 'connect' });
  }

  device(id: string) {
    const d = this.devices.get(id) ?? { received: [], sent: [] };
    this.devices.set(id, d);
    return d;
  }

  /** An app request; returns it so the test can answer it. */
  send(connection: string, atMs: number, method: string, params: unknown, intent: AppIntent): AppRequest {
    const id = (this.ids.get(connection) ?? 0) + 1;
    this.ids.set(connection, id);
    const request = appRequest(connection, id, atMs, method, params, intent);
    this.requests.push(request);
    return request;
  }

  reply(request: AppRequest, atMs: number, body: Record<string, unknown>): void {
    this.frames.push({ connection: request.connection, atMs, message: { id: request.id, ...body } });
  }

  /** The device receives `method params` from the hub at `atMs` and answers `result` at `answerAtMs` (none: silent). */
  deviceRequest(
    deviceId: string,
    atMs: number,
    method: string,
    params: unknown,
    answer?: { atMs: number; result: unknown },
  ) {
    const id = this.nextDeviceId++;
    const r: ReceivedRequest = { atMs, id, method, params };
    this.device(deviceId).received.push(r);
    if (answer !== undefined)
      this.device(deviceId).sent.push({
        kind: 'response',
        atMs: answer.atMs,
        requestId: id,
        message: { id, result: answer.result },
      });
    return r;
  }

  /** An app's `devices.get_properties` for `deviceId`, not yet forwarded nor answered. */
  getProperties(connection: string, atMs: number, deviceId: string, items: unknown): AppRequest {
    return this.send(
      connection,
      atMs,
      'devices.get_properties',
      { deviceId, items },
      { kind: 'device-command', deviceId, method: 'get_properties', deviceParams: items },
    );
  }

  /** An app's `devices.get_model` for `deviceId`, not yet forwarded nor answered. */
  getModel(connection: string, atMs: number, deviceId: string): AppRequest {
    return this.send(
      connection,
      atMs,
      'devices.get_model',
      { deviceId },
      { kind: 'device-command', deviceId, method: 'get_model', deviceParams: undefined },
    );
  }

  /** An app command forwarded and answered as an ideal hub would. */
  command(
    connection: string,
    atMs: number,
    deviceId: string,
    items: unknown,
    result: unknown = [{ siid: 2, piid: 1, code: 0, value: true }],
  ) {
    const request = this.getProperties(connection, atMs, deviceId, items);
    this.deviceRequest(deviceId, atMs + 1, 'get_properties', items, { atMs: atMs + 2, result });
    this.reply(request, atMs + 3, { result });
    return request;
  }

  notify(deviceId: string, atMs: number, params: unknown) {
    this.device(deviceId).sent.push({ kind: 'notification', atMs, method: 'properties_changed', params });
  }

  presence(deviceId: string, atMs: number, online: boolean) {
    this.device(deviceId).sent.push({
      kind: 'presence',
      atMs,
      online,
      cause: online ? 'connect' : 'graceful',
    });
  }

  push(connection: string, atMs: number, message: unknown) {
    this.frames.push({ connection, atMs, message });
  }

  subscribe(
    connection: string,
    atMs: number,
    deviceIds: readonly string[] | '*',
    answer: Record<string, unknown> = { result: {} },
  ) {
    const request = this.send(connection, atMs, 'subscribe', { deviceIds }, { kind: 'subscribe', deviceIds });
    this.reply(request, atMs + 1, answer);
    return request;
  }

  record(): HubRunRecord {
    const names = new Set(this.requests.map((r) => r.connection));
    for (const f of this.frames) names.add(f.connection);
    return {
      startMs: 1,
      endMs: this.endMs,
      deadlineMs: D,
      grants: this.grants,
      fleetIds: this.fleetIds,
      modelIds: new Map(this.fleetIds.map((id) => [id, `acme.${id.split('-')[0]}`])),
      connections: [...names].map((name) => ({
        name,
        app: name.replace(/#\d+$/, ''),
        openedAtMs: 1,
        droppedFrames: this.droppedFrames.get(name) ?? 0,
      })),
      requests: this.requests,
      frames: this.frames,
      upgrades: this.upgrades,
      devices: this.devices as Map<string, DeviceRecords>,
    };
  }
}
