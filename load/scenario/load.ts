/**
 * Reading a scenario file (YAML or JSON) from disk: parse, apply the command-line overrides,
 * validate, and resolve the file paths it names against the scenario's own folder.
 */

import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  FleetcertError,
  formatLimit,
  INPUT_LIMITS,
  listProblems,
  MAX_FILE_DEPTH,
  pathDeeperThan,
  readTextFileWithin,
  utf8ByteLength,
  yamlDeeperThan,
} from '../../src/index.js';
import { applyOverrides, type ScenarioOverrides } from './overrides.js';
import type { ScenarioProblem } from './problems.js';
import { lineLocator } from './source-lines.js';
import type { Scenario } from './types.js';
import { validateScenario } from './validate.js';

export class ScenarioError extends FleetcertError {
  readonly problems: readonly string[];

  /** `heading` replaces "scenario FILE" when the problems come from the command line. */
  constructor(source: string, problems: readonly string[], heading = `scenario ${source}`) {
    super(
      'LOAD_SCENARIO_INVALID',
      `${heading} has ${problems.length} problem(s):\n${listProblems(problems.map((p) => `  - ${p}`)).join('\n')}`,
      { exitCode: 2 },
    );
    this.problems = problems;
  }
}

export function formatProblem(problem: ScenarioProblem): string {
  return `${problem.path}: ${problem.problem}; fix: ${problem.fix}`;
}

/**
 * Parses scenario text; YAML 1.2 also reads JSON. Bounded like every input file: size (checked
 * before parsing), then nesting, read from the CST before the (recursive) composer runs
 * (src/bounded-yaml.ts), and once more on the value (src/bounded-json.ts).
 */
export function parseScenarioText(text: string, source: string): unknown {
  const bytes = utf8ByteLength(text);
  if (bytes > INPUT_LIMITS.scenarioFileBytes) throw scenarioTooLarge(source, bytes);
  if (yamlDeeperThan(text, MAX_FILE_DEPTH)) throw tooDeep(source);
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message : String(error);
    if (/Maximum call stack size exceeded/.test(detail)) throw tooDeep(source);
    throw new ScenarioError(source, [`not valid YAML or JSON: ${detail}`]);
  }
  const path = pathDeeperThan(value, MAX_FILE_DEPTH);
  if (path !== undefined) throw tooDeep(source, path);
  return value;
}

/** The error for a scenario file over INPUT_LIMITS.scenarioFileBytes. */
export function scenarioTooLarge(source: string, bytes: number): ScenarioError {
  return new ScenarioError(source, [
    `the file is ${bytes} bytes, over the limit of ${formatLimit(INPUT_LIMITS.scenarioFileBytes)} for scenarios; a scenario describes a fleet in a few hundred lines`,
  ]);
}

function tooDeep(source: string, path?: string): ScenarioError {
  return new ScenarioError(source, [
    `it nests lists and maps deeper than the limit of ${MAX_FILE_DEPTH} levels${path === undefined ? '' : ` (at ${path.slice(0, 200)})`}`,
  ]);
}

/**
 * Validates already-parsed scenario JSON with overrides; throws ScenarioError listing every
 * problem. A problem from an option names the option; with the file's `text`, a problem in the
 * file names its line (`smoke.yaml:12`).
 */
export function resolveScenario(
  json: unknown,
  source: string,
  overrides: ScenarioOverrides = {},
  baseDir = '.',
  text?: string,
): Scenario {
  const overridden = applyOverrides(json, overrides);
  if (!overridden.ok) {
    throw new ScenarioError(source, overridden.problems, 'the command line');
  }
  const validation = validateScenario(overridden.json);
  if (!validation.ok) {
    const lineOf = text === undefined ? () => undefined : lineLocator(text);
    const fromOptions = optionPaths(overrides);
    throw new ScenarioError(
      source,
      validation.problems.map((problem) => {
        const option = fromOptions.find(
          ([prefix]) =>
            problem.path === prefix ||
            problem.path.startsWith(`${prefix}.`) ||
            problem.path.startsWith(`${prefix}[`),
        );
        if (option) return `${option[1]}: ${formatProblem(problem)}`;
        const line = lineOf(problem.path);
        return line === undefined ? formatProblem(problem) : `${source}:${line}: ${formatProblem(problem)}`;
      }),
    );
  }
  return resolvePaths(validation.scenario, baseDir);
}

export async function loadScenarioFile(file: string, overrides: ScenarioOverrides = {}): Promise<Scenario> {
  let read: Awaited<ReturnType<typeof readTextFileWithin>>;
  try {
    read = await readTextFileWithin(file, INPUT_LIMITS.scenarioFileBytes);
  } catch (error) {
    throw new FleetcertError(
      'LOAD_SCENARIO_UNREADABLE',
      `cannot read scenario ${file}: ${(error as Error).message}; check the path`,
      {
        exitCode: 2,
      },
    );
  }
  if (!read.ok) throw scenarioTooLarge(file, read.size);
  return resolveScenario(
    parseScenarioText(read.text, file),
    file,
    overrides,
    dirname(resolve(file)),
    read.text,
  );
}

/** JSON paths an option wrote, with the option to name when a problem is found there. */
function optionPaths(overrides: ScenarioOverrides): [string, string][] {
  const paths: [string, string][] = [];
  if (overrides.broker !== undefined) paths.push(['$.broker.url', `--broker ${overrides.broker}`]);
  if (overrides.token !== undefined) paths.push(['$.tokens', '--token']);
  if (overrides.hubCommand !== undefined || overrides.hubUrl !== undefined)
    paths.push(['$.hub', '--hub/--hub-command']);
  for (const assignment of overrides.set ?? []) {
    const key = assignment.slice(0, Math.max(0, assignment.indexOf('='))).trim();
    if (key !== '') paths.push([`$.${key.replace(/\.(\d+)(?=\.|$)/g, '[$1]')}`, `--set ${assignment}`]);
  }
  return paths;
}

/** File paths in a scenario are relative to the scenario's folder (like includes in a config). */
export function resolvePaths(scenario: Scenario, baseDir: string): Scenario {
  const at = (path: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));
  const tokens = scenario.tokens.devices;
  return Object.freeze({
    ...scenario,
    broker: Object.freeze({
      ...scenario.broker,
      ...(scenario.broker.ca ? { ca: at(scenario.broker.ca) } : {}),
      ...(scenario.broker.cert ? { cert: at(scenario.broker.cert) } : {}),
      ...(scenario.broker.key ? { key: at(scenario.broker.key) } : {}),
      ...(scenario.broker.controllerCert ? { controllerCert: at(scenario.broker.controllerCert) } : {}),
      ...(scenario.broker.controllerKey ? { controllerKey: at(scenario.broker.controllerKey) } : {}),
    }),
    fleet: Object.freeze(
      scenario.fleet.map((entry) =>
        Object.freeze(entry.model ? { ...entry, model: at(entry.model) } : entry),
      ),
    ),
    tokens: Object.freeze({
      ...scenario.tokens,
      devices:
        tokens.kind === 'file' ? Object.freeze({ kind: 'file' as const, file: at(tokens.file) }) : tokens,
    }),
    ...(scenario.hub?.target.kind === 'url'
      ? {
          hub: Object.freeze({
            ...scenario.hub,
            target: Object.freeze({ ...scenario.hub.target, config: at(scenario.hub.target.config) }),
          }),
        }
      : {}),
  });
}
