/**
 * A fleet device on the broker through the MQTT device binding (PROTOCOL.md section 5,
 * simulators/bindings/mqtt). The fleet adds what thousands of devices need: MQTT.js
 * keepalives and reconnect delays on the fleet's one timer wheel, and event handlers that are
 * shared functions (the device is found from the emitter) rather than closures per device.
 */
import { mqttClientOptions } from '../../src/transport/mqtt/index.js';
import { MqttDeviceBinding } from '../bindings/mqtt/binding.js';
import { DeviceLoginError } from '../bindings/mqtt/device-login-error.js';
import type { TimerWheel } from '../clock/timer-wheel.js';
import type { SimClock, TimerRef } from '../clock/types.js';
import { deviceSeed } from './device-seed.js';
import type { FleetDeviceState } from './fleet-device.js';
import type { DeviceLink, LinkContext, OpenLink } from './links.js';

interface Attached {
  readonly device: FleetDeviceState;
  readonly context: LinkContext;
}

const attached = new WeakMap<object, Attached>();

function onOnline(this: MqttDeviceBinding): void {
  const a = attached.get(this);
  if (a) a.context.host.up(a.device);
}
function onOffline(this: MqttDeviceBinding): void {
  const a = attached.get(this);
  if (a) a.context.host.down(a.device);
}
/** Connection errors (refused, reset, timed out): the binding retries; the fleet counts them. */
function onClientError(this: object, error: Error): void {
  const a = attached.get(this);
  if (a) a.context.host.error(a.device, error);
}

export const openMqttLink: OpenLink = (device, faults, context, done) => {
  const tlsOptions = context.tlsFor(device.id);
  const binding = new MqttDeviceBinding({
    engine: device.engine,
    url: context.brokerFor(device),
    token: device.token,
    keepaliveSeconds: context.keepaliveSeconds,
    // Each device its own jitter, or a fleet cut off at once would come back in lockstep.
    seed: deviceSeed(context.seed, device.id, 'reconnect'),
    faults,
    clock: wheelClock(context.wheel, context.clock),
    clientOptions: {
      ...mqttClientOptions(context.mqtt),
      ...(tlsOptions ? { tlsOptions } : {}),
      // MQTT.js types its Timer after worker-timers (numeric ids); any {set, clear} pair works.
      timerVariant: context.keepaliveTimer as never,
    },
  });
  const entry = { device, context };
  attached.set(binding, entry);
  attached.set(binding.client, entry);
  binding.on('online', onOnline);
  binding.on('offline', onOffline);
  binding.client.on('error', onClientError);
  binding.start().then(
    () => done(),
    (error: Error) => {
      // A refused login: the binding gives up on this device (a stop before online lands here too).
      if (!(error instanceof DeviceLoginError)) return done(error);
      context.host.error(device, error);
      done(error);
    },
  );
  return binding satisfies DeviceLink;
};

const wheelClocks = new WeakMap<TimerWheel, SimClock>();

/** A clock whose timers live on `wheel`: a fleet's reconnect delays cost no Node timer each. */
function wheelClock(wheel: TimerWheel, base: SimClock): SimClock {
  let clock = wheelClocks.get(wheel);
  if (!clock) {
    clock = {
      now: () => base.now(),
      schedule(delayMs: number, callback: () => void): TimerRef {
        const entry = wheel.add(delayMs, run, callback);
        return { cancel: () => wheel.cancel(entry) };
      },
    };
    wheelClocks.set(wheel, clock);
  }
  return clock;
}

function run(callback: () => void): void {
  callback();
}
