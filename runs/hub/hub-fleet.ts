/**
 * The fleet behind a hub under certification: recorded simulated devices, over MQTT by default
 * and as WebSocket servers for the hub's `ws_devices`. Planning the ids is pure; starting runs
 * every device through simulators' `runDevice` with records on one clock. Devices run their
 * model's engine without background telemetry, so every notification the judge sees is one it
 * asked for (`notifyOnItsOwn`) or one a command caused: a run replays from its seed.
 */
import { type RunningDevice, runDevice } from '../../simulators/index.js';
import type { HubWsDevice } from '../../src/hub/index.js';
import { FleetcertError, UsageError } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import { isValidDeviceId } from '../../src/transport/mqtt/index.js';

export interface HubFleetGroup {
  /** Names the ids: `bulb` gives bulb-0001, bulb-0002… */
  readonly type: string;
  readonly model: DeviceModel;
  readonly count: number;
}

export interface PlannedDevice {
  readonly deviceId: string;
  readonly model: DeviceModel;
  readonly binding: 'mqtt' | 'ws';
  /** WebSocket: where to listen (a `--hub-config` file fixes it); default a free loopback port. */
  readonly listen?: { readonly host: string; readonly port: number };
}

/**
 * Ids `TYPE-0001`… per group over MQTT; then `wsDevices` more, over WebSocket, taking the
 * groups' types in turn from the last (the TV, in the reference fleet) and going on with their
 * numbering.
 */
export function planHubFleet(groups: readonly HubFleetGroup[], wsDevices = 0): PlannedDevice[] {
  if (groups.length === 0)
    throw new UsageError('the fleet is empty: give --fleet TYPE=COUNT,… (e.g. bulb=6,purifier=4,tv=2)');
  const next = new Map<string, number>();
  const id = (type: string) => {
    const n = (next.get(type) ?? 0) + 1;
    next.set(type, n);
    const deviceId = `${type}-${String(n).padStart(4, '0')}`;
    if (!isValidDeviceId(deviceId))
      throw new UsageError(
        `fleet type ${JSON.stringify(type)} does not make a device id (${deviceId}): use a-z, 0-9 and -`,
      );
    return deviceId;
  };
  const out: PlannedDevice[] = [];
  for (const group of groups)
    for (let i = 0; i < group.count; i++)
      out.push({ deviceId: id(group.type), model: group.model, binding: 'mqtt' });
  for (let i = 0; i < wsDevices; i++) {
    const group = groups[groups.length - 1 - (i % groups.length)]!;
    out.push({ deviceId: id(group.type), model: group.model, binding: 'ws' });
  }
  return out;
}

export interface HubFleetOptions {
  readonly devices: readonly PlannedDevice[];
  /** Where MQTT devices connect. */
  readonly brokerUrl?: string;
  /** MQTT devices' password (none when absent). */
  readonly deviceToken?: string;
  /** The bearer token of every WebSocket device (the hub's `ws_devices[].token`). */
  readonly wsToken: string;
  readonly seed: number;
  /** The clock of every record (performance.now by default). */
  readonly clock?: { now(): number; schedule(delayMs: number, callback: () => void): { cancel(): void } };
  readonly logger?: Logger;
}

export interface HubFleet {
  readonly running: readonly RunningDevice[];
  /** The configuration's `ws_devices`. */
  readonly wsDevices: readonly HubWsDevice[];
  /** One more device, started like the others (a device the hub has never seen); stopped with the fleet. */
  add(planned: PlannedDevice): Promise<RunningDevice>;
  stop(): Promise<void>;
}

export async function startHubFleet(options: HubFleetOptions): Promise<HubFleet> {
  const running: RunningDevice[] = [];
  const stop = () => Promise.all(running.map((d) => d.stop())).then(() => undefined);
  const start = async (planned: PlannedDevice): Promise<RunningDevice> => {
    if (planned.binding === 'mqtt' && options.brokerUrl === undefined)
      throw new UsageError(`device ${planned.deviceId} is an MQTT device but the hub has no broker`);
    const device = await runDevice({
      model: planned.model,
      deviceId: planned.deviceId,
      ...(planned.binding === 'ws'
        ? { token: options.wsToken }
        : options.deviceToken === undefined
          ? {}
          : { token: options.deviceToken }),
      transport:
        planned.binding === 'ws'
          ? { kind: 'ws', host: planned.listen?.host ?? '127.0.0.1', port: planned.listen?.port ?? 0 }
          : { kind: 'mqtt', url: options.brokerUrl as string },
      seed: options.seed,
      telemetryPeriodMs: false,
      record: true,
      waitOnline: false,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    running.push(device);
    await device.started;
    return device;
  };
  const startNamed = (planned: PlannedDevice): Promise<RunningDevice> =>
    start(planned).catch((error: unknown) => {
      throw planned.binding === 'ws' ? wsListenError(planned, error) : error;
    });
  try {
    await Promise.all(options.devices.map(startNamed));
  } catch (error) {
    await stop();
    throw error;
  }
  const order = new Map(options.devices.map((d, i) => [d.deviceId, i]));
  running.sort((a, b) => order.get(a.deviceId)! - order.get(b.deviceId)!);
  return {
    running,
    wsDevices: running
      .filter((d) => d.transport === 'ws')
      .map((d) => ({ deviceId: d.deviceId, url: d.url as string, token: options.wsToken })),
    add: startNamed,
    stop,
  };
}

/** A WebSocket device that cannot listen where the hub's configuration says it is: name it, the address and the fix. */
function wsListenError(planned: PlannedDevice, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') return error;
  const address = `${planned.listen?.host ?? '127.0.0.1'}:${planned.listen?.port ?? 0}`;
  const why =
    code === 'EADDRINUSE'
      ? 'the port is in use'
      : code === 'EACCES'
        ? 'this user may not listen on that port'
        : 'that address is not on this machine';
  return new FleetcertError(
    'FLEETCERT_WS_DEVICE_LISTEN',
    `the WebSocket device ${planned.deviceId} cannot listen on ${address} (${code}): ${why}. ` +
      `Free the port, or give ${planned.deviceId} another URL in the hub's configuration (ws_devices) and restart the hub.`,
    { exitCode: 2, cause: error },
  );
}
