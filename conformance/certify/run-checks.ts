/**
 * Runs every selected check in an order that keeps them from disturbing each other: what can be
 * seen on arrival first (presence, upgrades, hello), then the model-based suite, then the checks
 * that disturb the device (4 controllers, cutting its connection), the ACL log last.
 */
import { decodeDeviceMessage } from '../../src/protocol/decode-device-message.js';
import { modelBasedRules, requirement } from '../catalogue/requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { HarnessContext } from '../harness/harness-context.js';
import type { CheckOutcome } from '../suites/binding/check-outcome.js';
import { checkAcl } from '../suites/binding/mqtt-acl.check.js';
import { checkMqttPresence, presenceFirmware } from '../suites/binding/mqtt-presence.check.js';
import { checkReconnect, readFirstOnline } from '../suites/binding/mqtt-reconnect.check.js';
import { Scenario } from '../suites/binding/scenario.js';
import { readOne } from '../suites/binding/scenario-request.js';
import { checkWsAuth } from '../suites/binding/ws-auth.check.js';
import { checkControllers } from '../suites/binding/ws-controllers.check.js';
import { checkFreshHellos, checkHelloFrame } from '../suites/binding/ws-hello.check.js';
import { replayModelSuite } from '../suites/model-based/replay-model-suite.js';
import { runModelSuite } from '../suites/model-based/run-model-suite.js';
import {
  type CertifyConfig,
  DEFAULT_MAX_COMMANDS,
  DEFAULT_SHRINK_TIME_LIMIT_MS,
  DEFAULT_TIME_LIMIT_MS,
  type ResolvedTiming,
  SILENCE_LIMIT,
} from './certify-config.js';
import type { ConnectedTarget } from './connect-target.js';

export interface ChecksContext {
  readonly config: CertifyConfig;
  readonly target: ConnectedTarget;
  readonly harness: HarnessContext;
  /** Rules selected and runnable in this mode. */
  readonly selected: ReadonlySet<RuleId>;
  readonly timing: ResolvedTiming;
  readonly emit: (outcome: CheckOutcome) => void;
  readonly phase: (text: string) => void;
}

const GRACEFUL_NOTE =
  'graceful shutdown publishing { "online": false } was not observed: fleetcert cannot stop the device; check it by switching the device off while watching its state topic';

export async function runChecks(c: ChecksContext): Promise<{ firmware?: string }> {
  const { target, harness, selected, timing, config } = c;
  const now = () => harness.link.now();
  const scenarios: Scenario[] = [];
  const scenario = () => {
    const s = new Scenario(now);
    scenarios.push(s);
    return s;
  };
  const has = (rule: RuleId) => selected.has(rule);
  const deadline = timing.responseDeadlineMs;
  let firmware: string | undefined;
  const mqtt1 = scenario();
  if (target.mqtt !== undefined && has('EDP-MQTT-1')) {
    c.phase('EDP-MQTT-1: presence');
    await checkMqttPresence(target.mqtt, mqtt1, harness.index, harness.ids, deadline);
    if (target.mode === 'broker') c.emit(mqtt1.outcome('EDP-MQTT-1', notRunIn('EDP-MQTT-1', 'broker')));
  }
  if (target.mqtt !== undefined) firmware = presenceFirmware(target.mqtt);
  if (target.ws !== undefined) {
    const connection = target.ws.connection;
    const hello = await connection.first(deadline);
    firmware = helloFirmware(hello?.payload);
    if (has('EDP-WS-1')) {
      c.phase('EDP-WS-1: tokens');
      const s = scenario();
      await checkWsAuth(connection.url, config.token, s);
      c.emit(s.outcome('EDP-WS-1', { verdict: 'passed' }));
    }
    if (has('EDP-WS-2')) {
      c.phase('EDP-WS-2: hello');
      const s = scenario();
      const want = {
        deviceId: config.deviceId,
        modelId: harness.index.model.model,
        firmware: await readFirmware(c, s),
      };
      await checkHelloFrame(hello, want, s, 'the certification connection');
      await checkFreshHellos(connection.url, config.token, want, s, 2, deadline);
      c.emit(s.outcome('EDP-WS-2', { verdict: 'passed' }));
    }
  }
  // EDP-MQTT-2 writes a value the device did not start with: note what it started with first.
  let firstOnline: { readonly value: unknown } | undefined;
  if (target.mqtt !== undefined && target.broker !== undefined && has('EDP-MQTT-2')) {
    firstOnline = await readFirstOnline(
      {
        link: target.mqtt,
        broker: target.broker,
        index: harness.index,
        ids: harness.ids,
        deviceId: config.deviceId,
        deadlineMs: deadline,
      },
      scenario(),
    );
  }
  const modelRules = modelBasedRules().filter(has);
  if (modelRules.length > 0) {
    c.phase(config.replay === undefined ? 'model-based suite' : 'replaying the counterexample');
    const options = {
      rules: modelRules,
      maxCommands: config.maxCommands ?? DEFAULT_MAX_COMMANDS,
      binding: target.binding,
      silenceLimit: SILENCE_LIMIT,
    };
    if (config.replay !== undefined) {
      for (const outcome of await replayModelSuite(harness, options, config.replay)) c.emit(outcome);
    } else {
      await runModelSuite(harness, {
        ...options,
        seed: config.seed,
        runs: config.runs,
        shrinkTimeLimitMs: config.shrinkTimeLimitMs ?? DEFAULT_SHRINK_TIME_LIMIT_MS,
        timeLimitMs: config.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
        onRuleDone: c.emit,
      });
    }
  }
  if (target.ws !== undefined && has('EDP-WS-3')) {
    c.phase('EDP-WS-3: four controllers');
    const responses = scenario();
    const notifications = scenario();
    const context = {
      url: target.ws.connection.url,
      token: config.token,
      index: harness.index,
      seed: config.seed,
      responseDeadlineMs: deadline,
      notificationDeadlineMs: timing.notificationDeadlineMs,
    };
    const notes = await checkControllers(context, responses, notifications);
    const failing = responses.failed('EDP-WS-3') ? responses : notifications;
    c.emit(failing.outcome('EDP-WS-3', { verdict: 'passed' }, notes));
  }
  if (target.mqtt !== undefined && target.broker !== undefined) {
    if (has('EDP-MQTT-1') || has('EDP-MQTT-2')) {
      c.phase('EDP-MQTT-1/2: cutting the connection');
      const mqtt2 = scenario();
      const notes = await checkReconnect(
        {
          link: target.mqtt,
          broker: target.broker,
          index: harness.index,
          ids: harness.ids,
          deviceId: config.deviceId,
          deadlineMs: deadline,
          ...(firstOnline === undefined ? {} : { firstOnline }),
        },
        mqtt1,
        mqtt2,
      );
      if (has('EDP-MQTT-1')) c.emit(mqtt1.outcome('EDP-MQTT-1', { verdict: 'passed' }, [GRACEFUL_NOTE]));
      if (has('EDP-MQTT-2')) c.emit(mqtt2.outcome('EDP-MQTT-2', { verdict: 'passed' }, notes));
    }
    if (has('EDP-MQTT-3')) {
      const s = scenario();
      checkAcl(target.broker, config.deviceId, s);
      c.emit(s.outcome('EDP-MQTT-3', { verdict: 'passed' }));
    }
  }
  harness.stats.requests += scenarios.reduce((sum, s) => sum + s.requestCount, 0);
  return firmware === undefined ? {} : { firmware };
}

function notRunIn(rule: RuleId, mode: 'broker'): { verdict: 'not-run'; reason: string } {
  const applicability = requirement(rule).modes[mode];
  return { verdict: 'not-run', reason: applicability.run === 'full' ? 'not run' : applicability.reason };
}

function helloFirmware(payload: string | Uint8Array | undefined): string | undefined {
  if (payload === undefined) return undefined;
  const message = decodeDeviceMessage(payload);
  return message.kind === 'notification' && message.notification.method === 'hello'
    ? message.notification.params.fw
    : undefined;
}

async function readFirmware(c: ChecksContext, s: Scenario): Promise<string | undefined> {
  s.step('read firmware-revision (1, 4)');
  const { value } = await readOne(c.harness.link, s, c.harness.ids, 1, 4, c.timing.responseDeadlineMs);
  return typeof value === 'string' ? value : undefined;
}
