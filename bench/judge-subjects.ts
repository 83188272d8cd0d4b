/**
 * The hubs `npm run bench:judge` certifies (bench/judge.ts): the reference hub, the independent
 * hub (test/support/independent-hub, written from section 8 alone), an outside hub in Python
 * when one is present (test/support/outside/hub.py, written from docs/ alone), and each of their
 * planted bugs with the rule it breaks. A correct hub must be certified with every seed; a bug
 * must fail its own rule and nothing else.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HubRuleId } from '../conformance/suites/hub/hub-rule-ids.js';
import { HUB_FAULT_CATALOGUE } from '../simulators/hub/faults/catalogue.js';
import { FLEETCERT_BIN } from '../test/support/fleetcert-cli.js';

export interface BenchHub {
  /** `reference`, `independent`, `outside`, `reference --fault NAME`, `outside --bug NAME`. */
  readonly name: string;
  /** The family `--hubs` filters on: reference, independent, outside, faults, outside-bugs. */
  readonly family: 'reference' | 'independent' | 'outside' | 'faults' | 'outside-bugs';
  readonly command: readonly string[];
  /** The rule a planted bug breaks; undefined for a correct hub. */
  readonly breaks?: HubRuleId;
  /** A bug only WebSocket devices can show (certified in the WebSocket fleet shape only). */
  readonly needsWs?: boolean;
}

const INDEPENDENT = fileURLToPath(new URL('../test/support/independent-hub/main.ts', import.meta.url));
export const OUTSIDE_HUB = fileURLToPath(new URL('../test/support/outside/hub.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

const reference = (extra: readonly string[] = []) => [
  process.execPath,
  FLEETCERT_BIN,
  'hub',
  '--log-level',
  'warn',
  ...extra,
];

/** Faults that only a WebSocket device can show (the default fleet has none): swept in the ws shape. */
const WS_ONLY_FAULTS = new Set(['ws-close-not-offline', 'ws-online-before-hello']);

export function benchHubs(outsideHub = OUTSIDE_HUB): { hubs: BenchHub[]; notes: string[] } {
  const notes: string[] = [];
  const hubs: BenchHub[] = [
    { name: 'reference', family: 'reference', command: reference() },
    {
      name: 'independent',
      family: 'independent',
      command: [process.execPath, '--import', 'tsx', INDEPENDENT],
    },
    ...HUB_FAULT_CATALOGUE.map(
      (f): BenchHub => ({
        name: `reference --fault ${f.name}`,
        family: 'faults',
        command: reference(['--fault', f.name]),
        breaks: f.breaks,
        ...(WS_ONLY_FAULTS.has(f.name) ? { needsWs: true } : {}),
      }),
    ),
  ];
  if (!existsSync(outsideHub)) {
    notes.push(`no outside hub at ${outsideHub}: left out`);
    return { hubs, notes };
  }
  hubs.push({ name: 'outside', family: 'outside', command: [PYTHON, outsideHub] });
  const bugs = outsideBugs(outsideHub, notes);
  for (const bug of bugs)
    hubs.push({
      name: `outside --bug ${bug.name}`,
      family: 'outside-bugs',
      command: [PYTHON, outsideHub, '--bug', bug.name],
      ...(bug.breaks === undefined ? {} : { breaks: bug.breaks }),
      ...(bug.needsWs ? { needsWs: true } : {}),
    });
  return { hubs, notes };
}

interface OutsideBug {
  readonly name: string;
  readonly breaks?: HubRuleId;
  readonly needsWs: boolean;
}

/**
 * `hub.py --list-bugs`: JSON (`[{ name, breaks|rule }]` or `{ NAME: RULE }`) or one bug a line
 * (`NAME … EDP-HUB-N …`). A bug whose rule cannot be read is counted as caught by any failure.
 */
function outsideBugs(outsideHub: string, notes: string[]): OutsideBug[] {
  let text: string;
  try {
    text = execFileSync(PYTHON, [outsideHub, '--list-bugs'], { encoding: 'utf8', timeout: 30_000 });
  } catch (error) {
    notes.push(`outside hub --list-bugs failed (${(error as Error).message.split('\n')[0]}): no bugs swept`);
    return [];
  }
  const ruleIn = (s: unknown) => /EDP-HUB-[1-5]/.exec(String(s ?? ''))?.[0] as HubRuleId | undefined;
  const wsIn = (s: unknown) => /websocket|\bws\b/i.test(String(s ?? ''));
  try {
    const parsed = JSON.parse(text) as unknown;
    const entries: [string, unknown][] = Array.isArray(parsed)
      ? parsed.map((b: { name?: unknown }) => [String(b?.name ?? b), b])
      : Object.entries(parsed as Record<string, unknown>);
    return entries.map(([name, about]) => {
      const rule = ruleIn(JSON.stringify(about));
      return { name, ...(rule === undefined ? {} : { breaks: rule }), needsWs: wsIn(JSON.stringify(about)) };
    });
  } catch {
    return text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[A-Za-z0-9_-]+/.test(line))
      .map((line) => {
        const name = /^[A-Za-z0-9_-]+/.exec(line)?.[0] as string;
        const rule = ruleIn(line);
        return { name, ...(rule === undefined ? {} : { breaks: rule }), needsWs: wsIn(line) };
      });
  }
}
