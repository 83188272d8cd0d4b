/**
 * Reading a scenario file (YAML or JSON) from disk: parse, apply the command-line overrides,
 * validate, and resolve the file paths it names against the scenario's own folder.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { FleetcertError } from '../../src/errors.js';
import { applyOverrides, type ScenarioOverrides } from './overrides.js';
import type { ScenarioProblem } from './problems.js';
import type { Scenario } from './types.js';
import { validateScenario } from './validate.js';

export class ScenarioError extends FleetcertError {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(
      'LOAD_SCENARIO_INVALID',
      `scenario ${source} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { exitCode: 2 },
    );
    this.problems = problems;
  }
}

export function formatProblem(problem: ScenarioProblem): string {
  return `${problem.path}: ${problem.problem}; fix: ${problem.fix}`;
}

/** Parses scenario text; YAML 1.2 also reads JSON. */
export function parseScenarioText(text: string, source: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message : String(error);
    throw new ScenarioError(source, [`not valid YAML or JSON: ${detail}`]);
  }
}

/** Validates already-parsed scenario JSON with overrides; throws ScenarioError listing every problem. */
export function resolveScenario(
  json: unknown,
  source: string,
  overrides: ScenarioOverrides = {},
  baseDir = '.',
): Scenario {
  const overridden = applyOverrides(json, overrides);
  if (!overridden.ok) throw new ScenarioError(source, overridden.problems);
  const validation = validateScenario(overridden.json);
  if (!validation.ok) throw new ScenarioError(source, validation.problems.map(formatProblem));
  return resolvePaths(validation.scenario, baseDir);
}

export async function loadScenarioFile(file: string, overrides: ScenarioOverrides = {}): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FleetcertError(
      'LOAD_SCENARIO_UNREADABLE',
      `cannot read scenario ${file}: ${(error as Error).message}; check the path`,
      {
        exitCode: 2,
      },
    );
  }
  return resolveScenario(parseScenarioText(text, file), file, overrides, dirname(resolve(file)));
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
