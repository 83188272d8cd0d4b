/**
 * `validateScenario(json)`: a parsed scenario file in, either a complete `Scenario` (defaults
 * filled in) or every problem with its JSON path and the fix. Pure: file paths are checked
 * for shape only; the loader resolves and reads them.
 */
import { parseThresholds } from '../thresholds/parse.js';
import { ProblemList, type ScenarioProblem } from './problems.js';
import {
  BROKER_SCHEMES,
  type BrokerScheme,
  MIN_DEADLINE_MS,
  SCENARIO_DEFAULTS,
  type Scenario,
  type ScenarioBroker,
  type ScenarioMqtt,
  type ScenarioRequests,
} from './types.js';
import { checkHub, checkHubStages } from './validate-hub.js';
import { checkMqtt } from './validate-mqtt.js';
import { checkDeviceTokens, checkFleet, checkMix, checkStages, ID_PREFIX_PATTERN } from './validate-parts.js';

export type ScenarioValidation =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: readonly ScenarioProblem[] };

export function validateScenario(json: unknown): ScenarioValidation {
  const list = new ProblemList();
  const root = list.object(json, [], 'a scenario');
  if (!root) return { ok: false, problems: list.problems };

  const name = root.name === undefined ? 'scenario' : list.string(root.name, ['name']);
  const description =
    root.description === undefined ? undefined : list.string(root.description, ['description']);
  const seed =
    root.seed === undefined ? SCENARIO_DEFAULTS.seed : list.integer(root.seed, ['seed'], 0, 2 ** 32 - 1);
  const idPrefix =
    root.idPrefix === undefined
      ? SCENARIO_DEFAULTS.idPrefix
      : typeof root.idPrefix === 'string' && ID_PREFIX_PATTERN.test(root.idPrefix)
        ? root.idPrefix
        : invalid(
            list,
            ['idPrefix'],
            `${JSON.stringify(root.idPrefix)} cannot start a device id`,
            'use lower-case letters, digits and "-", starting with a letter or digit (device ids match ^[a-z0-9][a-z0-9-]{2,63}$)',
          );
  const broker =
    root.hub !== undefined && root.broker === undefined ? EMBEDDED_BROKER : checkBroker(root.broker, list);
  const mqtt = checkMqtt(root.mqtt, root.hub !== undefined, list);
  const fleet = checkFleet(root.fleet, list);
  const size = fleet.reduce((sum, entry) => sum + entry.count, 0);
  const tokens = checkTokens(root.tokens, list);
  const stages = checkStages(root.stages, size, list, root.hub !== undefined);
  const telemetry = checkTelemetry(root.telemetry, list);
  const requests = checkRequests(root.requests, list);
  const deadlineMs =
    root.deadline === undefined
      ? SCENARIO_DEFAULTS.deadlineMs
      : list.duration(
          root.deadline,
          ['deadline'],
          MIN_DEADLINE_MS,
          ' (docs/protocol.md, section 7: never shorter than the default)',
        );
  const settleMs =
    root.settle === undefined ? SCENARIO_DEFAULTS.settleMs : list.duration(root.settle, ['settle']);
  const intervalMs =
    root.interval === undefined
      ? SCENARIO_DEFAULTS.intervalMs
      : list.duration(root.interval, ['interval'], 100);
  const thresholds = checkThresholds(root.thresholds, list);
  const hub = root.hub === undefined ? undefined : checkHub(root.hub, fleet, list);
  if (root.hub !== undefined) checkHubStages(stages, list);

  if (list.problems.length > 0) return { ok: false, problems: list.problems };
  const scenario: Scenario = {
    name: name as string,
    ...(description === undefined ? {} : { description }),
    seed: seed as number,
    broker: broker as ScenarioBroker,
    mqtt: mqtt as ScenarioMqtt,
    idPrefix: idPrefix as string,
    fleet,
    tokens: tokens as Scenario['tokens'],
    stages,
    telemetryPerDevicePerS: telemetry as number,
    requests: requests as ScenarioRequests,
    deadlineMs: deadlineMs as number,
    settleMs: settleMs as number,
    intervalMs: intervalMs as number,
    thresholds,
    ...(hub === undefined ? {} : { hub }),
  };
  return { ok: true, scenario: deepFreeze(scenario) };
}

/** The embedded broker of a hub scenario (no `broker` in the file). */
export const EMBEDDED_BROKER: ScenarioBroker = Object.freeze({
  url: 'embedded:',
  scheme: 'mqtt',
  rejectUnauthorized: true,
  embedded: true,
});

function invalid(list: ProblemList, at: (string | number)[], problem: string, fix: string): undefined {
  list.add(at, problem, fix);
  return undefined;
}

function checkBroker(raw: unknown, list: ProblemList): ScenarioBroker | undefined {
  const object = list.object(raw, ['broker'], 'broker');
  if (!object) return undefined;
  const url = list.string(object.url, ['broker', 'url'], {
    fix: 'write the broker URL, e.g. mqtt://127.0.0.1:1883',
  });
  let scheme: BrokerScheme | undefined;
  if (url !== undefined) {
    try {
      const parsed = new URL(url);
      const candidate = parsed.protocol.replace(/:$/, '');
      if (parsed.username !== '' || parsed.password !== '') {
        // Results, reports and logs show the broker URL: a secret in it would reach them all.
        list.add(
          ['broker', 'url'],
          `the URL carries a user name or password (${parsed.protocol}//…@${parsed.host})`,
          'remove them from the URL; clients log in with the tokens (scenario tokens, or --token)',
        );
      } else if ((BROKER_SCHEMES as readonly string[]).includes(candidate))
        scheme = candidate as BrokerScheme;
      else
        list.add(
          ['broker', 'url'],
          `scheme "${candidate}" is not supported`,
          `use one of ${BROKER_SCHEMES.map((s) => `${s}://`).join(', ')}`,
        );
    } catch {
      list.add(
        ['broker', 'url'],
        `"${url}" is not a URL`,
        'write e.g. mqtt://host:1883, mqtts://host:8883, ws://host:8080/mqtt',
      );
    }
  }
  const ca =
    object.ca === undefined
      ? undefined
      : list.string(object.ca, ['broker', 'ca'], { fix: 'give the path of a PEM file' });
  if (ca !== undefined && scheme !== undefined && scheme !== 'mqtts' && scheme !== 'wss') {
    list.add(
      ['broker', 'ca'],
      `a CA file only applies to mqtts:// and wss://, the URL is ${scheme}://`,
      'remove ca, or use a TLS URL',
    );
  }
  const rejectUnauthorized =
    object.rejectUnauthorized === undefined
      ? true
      : list.boolean(object.rejectUnauthorized, ['broker', 'rejectUnauthorized']);
  const certificates = checkClientCertificates(object, scheme, list);
  if (url === undefined || scheme === undefined || rejectUnauthorized === undefined) return undefined;
  return { url, scheme, ...(ca === undefined ? {} : { ca }), ...certificates, rejectUnauthorized };
}

const CERTIFICATE_KEYS = [
  ['cert', 'key'],
  ['controllerCert', 'controllerKey'],
] as const;

/** Mutual TLS (PROTOCOL.md section 9): paths given in pairs, on a TLS URL; `{deviceId}` only for devices. */
function checkClientCertificates(
  object: Record<string, unknown>,
  scheme: BrokerScheme | undefined,
  list: ProblemList,
): Pick<ScenarioBroker, 'cert' | 'key' | 'controllerCert' | 'controllerKey'> {
  const found: Record<string, string> = {};
  for (const pair of CERTIFICATE_KEYS) {
    for (const key of pair) {
      if (object[key] === undefined) continue;
      const path = list.string(object[key], ['broker', key], {
        fix: 'give the path of a PEM file (for devices: a folder, or a path with {deviceId})',
      });
      if (path !== undefined) found[key] = path;
    }
    const [cert, key] = pair;
    if (
      (found[cert] === undefined) !== (found[key] === undefined) &&
      (object[cert] === undefined) !== (object[key] === undefined)
    ) {
      const [given, missing] = found[cert] === undefined ? [key, cert] : [cert, key];
      list.add(
        ['broker', missing],
        `broker.${given} is given without broker.${missing}`,
        `give both, e.g. ${cert}: certs/{deviceId}.crt and ${key}: certs/{deviceId}.key`,
      );
    }
  }
  for (const key of ['controllerCert', 'controllerKey'] as const) {
    if (found[key]?.includes('{deviceId}'))
      list.add(
        ['broker', key],
        'controllers are no devices: {deviceId} means nothing here',
        'give one file (fleetcert tls devices --controller NAME makes controller-NAME.crt/.key)',
      );
  }
  if (Object.keys(found).length > 0 && scheme !== undefined && scheme !== 'mqtts' && scheme !== 'wss') {
    const key = Object.keys(found)[0] as string;
    list.add(
      ['broker', key],
      `a client certificate only applies to mqtts:// and wss://, the URL is ${scheme}://`,
      `remove ${key}, or use a TLS URL`,
    );
  }
  return found;
}

function checkTokens(raw: unknown, list: ProblemList): Scenario['tokens'] | undefined {
  if (raw === undefined) {
    return {
      devices: { kind: 'template', template: SCENARIO_DEFAULTS.tokenTemplate },
      controller: SCENARIO_DEFAULTS.controllerToken,
    };
  }
  const object = list.object(raw, ['tokens'], 'tokens');
  if (!object) return undefined;
  const devices =
    object.devices === undefined
      ? { kind: 'template' as const, template: SCENARIO_DEFAULTS.tokenTemplate }
      : checkDeviceTokens(object.devices, list);
  const controller =
    object.controller === undefined
      ? SCENARIO_DEFAULTS.controllerToken
      : list.string(object.controller, ['tokens', 'controller'], {
          fix: 'write the token controllers log in with',
        });
  return devices && controller ? { devices, controller } : undefined;
}

function checkTelemetry(raw: unknown, list: ProblemList): number | undefined {
  if (raw === undefined) return 0;
  const object = list.object(raw, ['telemetry'], 'telemetry');
  if (!object) return undefined;
  return object.rate === undefined ? 0 : list.rate(object.rate, ['telemetry', 'rate']);
}

function checkRequests(raw: unknown, list: ProblemList): ScenarioRequests | undefined {
  if (raw === undefined)
    return { ratePerS: 0, mix: { get: 1, set: 0, action: 0 }, controllers: SCENARIO_DEFAULTS.controllers };
  const object = list.object(raw, ['requests'], 'requests');
  if (!object) return undefined;
  const ratePerS = object.rate === undefined ? 0 : list.rate(object.rate, ['requests', 'rate']);
  const mix = checkMix(object.mix, list);
  const controllers =
    object.controllers === undefined
      ? SCENARIO_DEFAULTS.controllers
      : list.integer(object.controllers, ['requests', 'controllers'], 1, 1000);
  if (ratePerS === undefined || mix === undefined || controllers === undefined) return undefined;
  return { ratePerS, mix, controllers };
}

function checkThresholds(raw: unknown, list: ProblemList): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    list.add(
      ['thresholds'],
      'thresholds must be a list of expressions',
      "write e.g. ['rpc.p99<250ms', 'rpc.lost<0.1%']",
    );
    return [];
  }
  const texts: string[] = [];
  raw.forEach((item, index) => {
    const text = list.string(item, ['thresholds', index], {
      fix: "write an expression such as 'rpc.p99<250ms'",
    });
    if (text === undefined) return;
    const { problems } = parseThresholds([text]);
    for (const problem of problems)
      list.add(['thresholds', index], problem, 'fix the expression (docs/load.md lists every metric)');
    texts.push(text.trim());
  });
  return texts;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
