/**
 * `fleetcert certify hub` options into one frozen configuration (pure: files are read by the
 * handler). The hub under test is required, one way or the other: `--hub-command "CMD ARGS"`
 * (fleetcert writes the section 8 configuration and starts it) or `--hub URL --hub-config FILE`
 * (a hub that already runs, started with FILE). No default hub is implied.
 */

import { randomInt } from 'node:crypto';
import { DEFAULT_HUB_RUNS } from '../../conformance/certify/index.js';
import { HUB_RULE_IDS, type HubRuleId, isHubRuleId } from '../../conformance/suites/hub/index.js';
import {
  formatReplayToken,
  parseReplayToken,
  type ReplayToken,
} from '../../conformance/suites/model-based/index.js';
import { splitHubCommand } from '../../runs/index.js';
import { DEFAULT_HUB_DEADLINE_MS, MAX_HUB_DEADLINE_MS } from '../../src/hub/index.js';
import { UsageError } from '../../src/index.js';
import { packagePath } from '../edge.js';
import { suggestRules } from '../suggest-rules.js';
import { replayOutOption, shellWord } from './replay-out.js';

/** The longest --run-timeout, in seconds: a timer of 2^31-1 ms, about 24.8 days. */
const MAX_RUN_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

export interface CertifyHubArgsIn {
  readonly hubCommand?: string;
  readonly hub?: string;
  readonly hubConfig?: string;
  readonly broker?: string;
  readonly brokerToken?: string;
  readonly deviceToken?: string;
  readonly fleet?: string;
  readonly wsDevices?: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly replay?: string;
  readonly only?: readonly string[];
  readonly timeout?: number;
  readonly runTimeout?: number;
  /** `--out`: the run's report folder; a printed replay writes to OUT/replay-RULE. */
  readonly out?: string;
}

/** One `--fleet` entry: a reference type or a model file, and how many. */
export interface FleetEntry {
  readonly source:
    | { readonly kind: 'reference'; readonly type: string }
    | { readonly kind: 'file'; readonly path: string };
  readonly count: number;
}

export type ResolvedHub =
  | { readonly kind: 'hub-command'; readonly command: readonly string[]; readonly display: string }
  | { readonly kind: 'hub-url'; readonly url: string; readonly configFile: string };

export interface ResolvedCertifyHubOptions {
  readonly hub: ResolvedHub;
  readonly brokerUrl?: string;
  readonly hubBrokerPassword?: string;
  readonly deviceToken?: string;
  readonly fleet: readonly FleetEntry[];
  readonly wsDevices: number;
  readonly seed: number;
  readonly runs: number;
  readonly replay?: ReplayToken;
  readonly only?: readonly HubRuleId[];
  readonly deadlineMs: number;
  readonly runDeadlineMs: number;
  readonly replayCommand: (replay: ReplayToken | undefined, rule: HubRuleId) => string;
}

export const DEFAULT_HUB_FLEET = 'bulb=6,purifier=4,tv=2';
export const DEFAULT_RUN_TIMEOUT_S = 600;
/** This very tool's entry point: `fleetcert …` in a hub command means it. */
export const FLEETCERT_BIN = packagePath('bin', 'fleetcert.js');
const MAX_FLEET = 500;

const BOTH_WAYS =
  'name the hub under test, one of:\n' +
  '  --hub-command "CMD ARGS"              fleetcert writes the configuration (section 8) and runs CMD ARGS --config FILE\n' +
  '  --hub ws://HOST:PORT/edp/1/hub --hub-config FILE   a hub that already runs, started with FILE\n' +
  'e.g. fleetcert certify hub --hub-command "fleetcert hub" (the reference hub)';

export function resolveCertifyHubOptions(
  args: CertifyHubArgsIn,
  referenceTypes: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ResolvedCertifyHubOptions {
  const hub = resolveHub(args);
  if (args.broker !== undefined && !/^(mqtts?|wss?):\/\//.test(args.broker))
    throw new UsageError(`--broker ${args.broker}: use an mqtt://, mqtts://, ws:// or wss:// URL`);
  if (hub.kind === 'hub-url' && args.broker !== undefined)
    throw new UsageError(
      '--broker goes with --hub-command; a running hub uses the broker its --hub-config names',
    );
  const fleet = parseFleet(args.fleet ?? DEFAULT_HUB_FLEET, referenceTypes);
  const wsDevices = args.wsDevices ?? 0;
  if (!Number.isSafeInteger(wsDevices) || wsDevices < 0 || wsDevices > 64)
    throw new UsageError(`--ws-devices must be a whole number from 0 to 64, got ${args.wsDevices}`);
  const replay = args.replay === undefined ? undefined : parseReplayToken(args.replay);
  // The run's seed decides grants, fleet and cast; a replay token's seed is its rule's exploration
  // seed. A printed replay gives both (`--seed RUN --replay TOKEN`); a bare `--replay` keeps the old reading.
  const seed = args.seed ?? replay?.seed ?? randomInt(1, 2 ** 31 - 1);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, got ${args.seed}`);
  const runs = args.runs ?? DEFAULT_HUB_RUNS;
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new UsageError(`--runs must be a whole number of at least 1, got ${args.runs}`);
  const deadlineMs = args.timeout ?? DEFAULT_HUB_DEADLINE_MS;
  if (
    !Number.isSafeInteger(deadlineMs) ||
    deadlineMs < DEFAULT_HUB_DEADLINE_MS ||
    deadlineMs > MAX_HUB_DEADLINE_MS
  )
    throw new UsageError(
      `--timeout is the hub's deadline_ms (D of EDP-HUB-2), in ms: ${DEFAULT_HUB_DEADLINE_MS} or more and at most ${MAX_HUB_DEADLINE_MS}, got ${args.timeout}`,
    );
  if (hub.kind === 'hub-url' && args.timeout !== undefined)
    throw new UsageError(
      '--timeout goes with --hub-command; a running hub has the deadline_ms of its --hub-config',
    );
  const runTimeout = args.runTimeout ?? DEFAULT_RUN_TIMEOUT_S;
  // Timers past 2^31-1 ms fire at once: the run would stop as soon as it started.
  if (!(Number.isFinite(runTimeout) && runTimeout >= 10 && runTimeout <= MAX_RUN_TIMEOUT_S))
    throw new UsageError(
      `--run-timeout is the whole run's limit in seconds, from 10 to ${MAX_RUN_TIMEOUT_S}, got ${args.runTimeout}`,
    );
  const only = resolveOnly(args.only);
  const base = replayBase(args);
  const hubBrokerPassword = args.brokerToken ?? (env.FLEETCERT_TOKEN || undefined);
  return Object.freeze({
    hub,
    ...(args.broker === undefined ? {} : { brokerUrl: args.broker }),
    ...(args.broker === undefined || hubBrokerPassword === undefined ? {} : { hubBrokerPassword }),
    ...(args.deviceToken === undefined ? {} : { deviceToken: args.deviceToken }),
    fleet,
    wsDevices,
    seed,
    runs,
    ...(replay === undefined ? {} : { replay }),
    ...(only === undefined ? {} : { only }),
    deadlineMs,
    runDeadlineMs: runTimeout * 1000,
    replayCommand: (token: ReplayToken | undefined, rule: HubRuleId) =>
      token === undefined
        ? `${base} --seed ${seed} --only ${rule} ${replayOutOption(args.out, rule)}`
        : `${base} --seed ${seed} --replay ${formatReplayToken(token)} --only ${rule} ${replayOutOption(args.out, rule)}`,
  });
}

function resolveHub(args: CertifyHubArgsIn): ResolvedHub {
  const command = args.hubCommand !== undefined;
  const running = args.hub !== undefined || args.hubConfig !== undefined;
  if (command === running) throw new UsageError(command ? `give one way, not both: ${BOTH_WAYS}` : BOTH_WAYS);
  if (command) {
    const words = splitHubCommand(args.hubCommand as string);
    // `fleetcert …` is this very tool, wherever it is installed (a clone has no `fleetcert` on PATH).
    const resolved = words[0] === 'fleetcert' ? [process.execPath, FLEETCERT_BIN, ...words.slice(1)] : words;
    return { kind: 'hub-command', command: resolved, display: args.hubCommand as string };
  }
  if (args.hub === undefined || args.hubConfig === undefined)
    throw new UsageError(
      `--hub and --hub-config go together: the URL of the running hub and the configuration it was started with.\n${BOTH_WAYS}`,
    );
  if (!/^wss?:\/\/[^/]+\/edp\/1\/hub$/.test(args.hub))
    throw new UsageError(`--hub ${args.hub}: the hub's app endpoint, ws://HOST:PORT/edp/1/hub (section 8)`);
  return { kind: 'hub-url', url: args.hub, configFile: args.hubConfig };
}

/** `bulb=6,purifier=4,./my-lamp.json=2`: reference types (fixtures/models/) or model files, with counts. */
export function parseFleet(text: string, referenceTypes: readonly string[]): FleetEntry[] {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part): FleetEntry => {
      const at = part.lastIndexOf('=');
      const name = at < 0 ? part : part.slice(0, at);
      const countText = at < 0 ? '1' : part.slice(at + 1);
      const count = Number(countText);
      if (!/^\d+$/.test(countText) || count < 1)
        throw new UsageError(`--fleet ${part}: the count must be a whole number of at least 1 (TYPE=COUNT)`);
      if (referenceTypes.includes(name)) return { source: { kind: 'reference', type: name }, count };
      if (name.endsWith('.json') || name.includes('/'))
        return { source: { kind: 'file', path: name }, count };
      throw new UsageError(
        `--fleet ${part}: ${JSON.stringify(name)} is neither a reference type (${referenceTypes.join(', ')}) nor a model file (a path ending in .json)`,
      );
    });
  if (entries.length === 0) throw new UsageError(`--fleet is empty: e.g. --fleet ${DEFAULT_HUB_FLEET}`);
  const total = entries.reduce((n, e) => n + e.count, 0);
  if (total > MAX_FLEET)
    throw new UsageError(`--fleet asks for ${total} devices; a hub certification runs at most ${MAX_FLEET}`);
  return entries;
}

function resolveOnly(only: readonly string[] | undefined): HubRuleId[] | undefined {
  if (only === undefined || only.length === 0) return undefined;
  const rules = only.flatMap((o) => o.split(',')).map((o) => o.trim().toUpperCase());
  const unknown = rules.filter((r) => !isHubRuleId(r));
  if (unknown.length > 0)
    throw new UsageError(
      `--only ${unknown.join(', ')}: not a hub rule;${suggestRules(unknown, HUB_RULE_IDS)} choose from ${HUB_RULE_IDS.join(', ')}`,
    );
  return [...new Set(rules as HubRuleId[])];
}

/** The command line that reruns this certification (secrets left out: tokens come from the environment or the file). */
function replayBase(args: CertifyHubArgsIn): string {
  const parts = ['fleetcert certify hub'];
  if (args.hubCommand !== undefined) parts.push(`--hub-command ${shellWord(args.hubCommand)}`);
  if (args.hub !== undefined)
    parts.push(`--hub ${args.hub}`, `--hub-config ${shellWord(args.hubConfig ?? '')}`);
  if (args.broker !== undefined) parts.push(`--broker ${args.broker}`);
  parts.push(`--fleet ${args.fleet ?? DEFAULT_HUB_FLEET}`);
  if (args.wsDevices) parts.push(`--ws-devices ${args.wsDevices}`);
  if (args.timeout !== undefined) parts.push(`--timeout ${args.timeout}`);
  return parts.join(' ');
}
