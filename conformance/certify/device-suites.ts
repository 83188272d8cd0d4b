/**
 * The device suites, in the order that keeps them from disturbing each other: what can be seen
 * on arrival first (presence, upgrades, hello), then the model-based suite, then the checks
 * that disturb the device (4 controllers, cutting its connection), the ACL log last.
 */
import { decodeDeviceMessage } from '../../src/protocol/index.js';
import { modelBasedRules, requirement } from '../catalogue/requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import {
  DEFAULT_MAX_COMMANDS,
  DEFAULT_SHRINK_TIME_LIMIT_MS,
  DEFAULT_TIME_LIMIT_MS,
  SILENCE_LIMIT,
} from '../settings/certify-config.js';
import type { BindingCheckRun } from '../suites/binding/binding-check-run.js';
import { checkAcl } from '../suites/binding/mqtt-acl.check.js';
import { checkMqttPresence, presenceFirmware } from '../suites/binding/mqtt-presence.check.js';
import {
  checkReconnect,
  type ReconnectContext,
  readFirstOnline,
} from '../suites/binding/mqtt-reconnect.check.js';
import { readOne } from '../suites/binding/scenario-request.js';
import { checkWsAuth } from '../suites/binding/ws-auth.check.js';
import { checkControllers } from '../suites/binding/ws-controllers.check.js';
import { checkFreshHellos, checkHelloFrame } from '../suites/binding/ws-hello.check.js';
import { replayModelSuite } from '../suites/model-based/replay-model-suite.js';
import { runModelSuite } from '../suites/model-based/run-model-suite.js';
import type { DeviceSuiteContext } from './device-context.js';
import type { Suite, SuiteSubject } from './suite.js';
import { tlsSuite } from './tls-suite.js';

type DeviceSuite = Suite<DeviceSuiteContext>;

const onDevice = (subject: SuiteSubject) => subject.kind === 'device';
const overMqtt = (subject: SuiteSubject) =>
  subject.kind === 'device' && (subject.mode === 'listen' || subject.mode === 'broker');
const overWs = (subject: SuiteSubject) => subject.kind === 'device' && subject.mode === 'ws';
/** The embedded broker: fleetcert can cut the device's connection and read the ACL log. */
const withBrokerControl = (subject: SuiteSubject) => subject.kind === 'device' && subject.mode === 'listen';

function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`a device suite needs ${what}, which this target lacks`);
  return value;
}

/** What the connection checks (EDP-MQTT-1/2) need: the device's MQTT link and the embedded broker's control. */
function reconnectContext(c: DeviceSuiteContext): Omit<ReconnectContext, 'firstOnline'> {
  return {
    link: present(c.target.mqtt, 'an MQTT link'),
    broker: present(c.target.broker, 'broker control'),
    index: c.harness.index,
    ids: c.harness.ids,
    deviceId: c.config.deviceId,
    deadlineMs: c.timing.responseDeadlineMs,
  };
}

const GRACEFUL_NOTE =
  'graceful shutdown publishing { "online": false } was not observed: fleetcert cannot stop the device; check it by switching the device off while watching its state topic';

/** EDP-MQTT-1, the part any controller sees; with the embedded broker the reconnect suite finishes it. */
export const mqttPresenceSuite: DeviceSuite = {
  id: 'mqtt-presence',
  rules: ['EDP-MQTT-1'],
  appliesTo: overMqtt,
  async run(c) {
    c.phase('EDP-MQTT-1: presence');
    const link = present(c.target.mqtt, 'an MQTT link');
    await checkMqttPresence(link, c.presence, c.harness.index, c.harness.ids, c.timing.responseDeadlineMs);
    if (c.subject.mode === 'broker')
      c.emit(c.presence.outcome('EDP-MQTT-1', notRunIn('EDP-MQTT-1', 'broker')));
  },
};

export const presenceFirmwareStep: DeviceSuite = {
  id: 'presence-firmware',
  rules: [],
  appliesTo: overMqtt,
  async run(c) {
    c.firstContact.firmware = presenceFirmware(present(c.target.mqtt, 'an MQTT link'));
  },
};

export const wsArrivalStep: DeviceSuite = {
  id: 'ws-arrival',
  rules: [],
  appliesTo: overWs,
  async run(c) {
    const hello = await present(c.target.ws, 'a WebSocket link').connection.first(
      c.timing.responseDeadlineMs,
    );
    if (hello !== undefined) c.firstContact.hello = hello;
    c.firstContact.firmware = helloFirmware(hello?.payload);
  },
};

export const wsAuthSuite: DeviceSuite = {
  id: 'ws-auth',
  rules: ['EDP-WS-1'],
  appliesTo: overWs,
  async run(c) {
    c.phase('EDP-WS-1: tokens');
    const s = c.scenario();
    await checkWsAuth(present(c.target.ws, 'a WebSocket link').connection.url, c.config.token, s);
    c.emit(s.outcome('EDP-WS-1', { verdict: 'passed' }));
  },
};

export const wsHelloSuite: DeviceSuite = {
  id: 'ws-hello',
  rules: ['EDP-WS-2'],
  appliesTo: overWs,
  async run(c) {
    c.phase('EDP-WS-2: hello');
    const { connection } = present(c.target.ws, 'a WebSocket link');
    const s = c.scenario();
    const want = {
      deviceId: c.config.deviceId,
      modelId: c.harness.index.model.model,
      firmware: await readFirmware(c, s),
    };
    await checkHelloFrame(c.firstContact.hello, want, s, 'the certification connection');
    await checkFreshHellos(connection.url, c.config.token, want, s, 2, c.timing.responseDeadlineMs);
    c.emit(s.outcome('EDP-WS-2', { verdict: 'passed' }));
  },
};

/** EDP-MQTT-2 writes a value the device did not start with: note what it started with, before anything writes. */
export const firstOnlineStep: DeviceSuite = {
  id: 'mqtt-first-online',
  rules: [],
  appliesTo: withBrokerControl,
  async run(c) {
    if (!c.selected.has('EDP-MQTT-2')) return;
    const firstOnline = await readFirstOnline(reconnectContext(c), c.scenario());
    if (firstOnline !== undefined) c.firstContact.firstOnline = firstOnline;
  },
};

/** Sections 4's rules, judged by the judge over generated command sequences (or one replayed). */
export const modelBasedSuite: DeviceSuite = {
  id: 'model-based',
  rules: modelBasedRules('device'),
  appliesTo: onDevice,
  async run(c) {
    const { config } = c;
    c.phase(config.replay === undefined ? 'model-based suite' : 'replaying the counterexample');
    const options = {
      rules: modelBasedRules('device').filter((rule) => c.selected.has(rule)),
      maxCommands: config.maxCommands ?? DEFAULT_MAX_COMMANDS,
      binding: c.target.binding,
      silenceLimit: SILENCE_LIMIT,
    };
    if (config.replay !== undefined) {
      for (const outcome of await replayModelSuite(c.harness, options, config.replay)) c.emit(outcome);
      return;
    }
    await runModelSuite(c.harness, {
      ...options,
      seed: config.seed,
      runs: config.runs,
      shrinkTimeLimitMs: config.shrinkTimeLimitMs ?? DEFAULT_SHRINK_TIME_LIMIT_MS,
      timeLimitMs: config.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
      onRuleDone: c.emit,
      ...(config.signal === undefined ? {} : { signal: config.signal }),
    });
  },
};

export const wsControllersSuite: DeviceSuite = {
  id: 'ws-controllers',
  rules: ['EDP-WS-3'],
  appliesTo: overWs,
  async run(c) {
    c.phase('EDP-WS-3: four controllers');
    const responses = c.scenario();
    const notifications = c.scenario();
    const context = {
      url: present(c.target.ws, 'a WebSocket link').connection.url,
      token: c.config.token,
      index: c.harness.index,
      seed: c.config.seed,
      responseDeadlineMs: c.timing.responseDeadlineMs,
      notificationDeadlineMs: c.timing.notificationDeadlineMs,
    };
    const notes = await checkControllers(context, responses, notifications);
    const failing = responses.failed('EDP-WS-3') ? responses : notifications;
    c.emit(failing.outcome('EDP-WS-3', { verdict: 'passed' }, notes));
  },
};

/** EDP-MQTT-2 and the will of EDP-MQTT-1: fleetcert cuts the device's connection on its broker. */
export const mqttReconnectSuite: DeviceSuite = {
  id: 'mqtt-reconnect',
  rules: ['EDP-MQTT-1', 'EDP-MQTT-2'],
  appliesTo: withBrokerControl,
  async run(c) {
    c.phase('EDP-MQTT-1/2: cutting the connection');
    const reconnect = c.scenario();
    const notes = await checkReconnect(
      {
        ...reconnectContext(c),
        ...(c.firstContact.firstOnline === undefined ? {} : { firstOnline: c.firstContact.firstOnline }),
      },
      c.presence,
      reconnect,
    );
    if (c.selected.has('EDP-MQTT-1'))
      c.emit(c.presence.outcome('EDP-MQTT-1', { verdict: 'passed' }, [GRACEFUL_NOTE]));
    if (c.selected.has('EDP-MQTT-2')) c.emit(reconnect.outcome('EDP-MQTT-2', { verdict: 'passed' }, notes));
  },
};

export const mqttAclSuite: DeviceSuite = {
  id: 'mqtt-acl',
  rules: ['EDP-MQTT-3'],
  appliesTo: withBrokerControl,
  async run(c) {
    const s = c.scenario();
    checkAcl(present(c.target.broker, 'broker control'), c.config.deviceId, s);
    c.emit(s.outcome('EDP-MQTT-3', { verdict: 'passed' }));
  },
};

/** Every device suite, in running order. */
export const DEVICE_SUITES: readonly DeviceSuite[] = Object.freeze([
  tlsSuite,
  mqttPresenceSuite,
  presenceFirmwareStep,
  wsArrivalStep,
  wsAuthSuite,
  wsHelloSuite,
  firstOnlineStep,
  modelBasedSuite,
  wsControllersSuite,
  mqttReconnectSuite,
  mqttAclSuite,
]);

function notRunIn(rule: RuleId, mode: 'broker'): { verdict: 'not-run'; reason: string } {
  const r = requirement(rule);
  const applicability = r.subject === 'device' ? r.modes[mode] : { run: 'full' as const };
  return { verdict: 'not-run', reason: applicability.run === 'full' ? 'not run' : applicability.reason };
}

function helloFirmware(payload: string | Uint8Array | undefined): string | undefined {
  if (payload === undefined) return undefined;
  const message = decodeDeviceMessage(payload);
  return message.kind === 'notification' && message.notification.method === 'hello'
    ? message.notification.params.fw
    : undefined;
}

async function readFirmware(c: DeviceSuiteContext, s: BindingCheckRun): Promise<string | undefined> {
  s.step('read firmware-revision (1, 4)');
  const { value } = await readOne(c.harness.link, s, c.harness.ids, 1, 4, c.timing.responseDeadlineMs);
  return typeof value === 'string' ? value : undefined;
}
