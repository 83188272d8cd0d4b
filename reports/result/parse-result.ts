/**
 * Checks that a parsed JSON value is a CertificationResult (src/result/certification-result.ts)
 * before anything renders it: bad input gets every problem listed with its JSON path, never a
 * crash half-way through a template. A device result of schema /1 is read as /2
 * (upgrade-result.ts).
 */

import type { RuleVerdict } from '../../src/result/index.js';
import {
  CERTIFICATION_RESULT_SCHEMA,
  CERTIFICATION_RESULT_SCHEMA_V1,
  type CertificationResult,
} from '../../src/result/index.js';
import { ReportInputError } from '../errors.js';
import { upgradeResult } from './upgrade-result.js';

type Problems = string[];
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function expect(
  problems: Problems,
  parent: Json,
  key: string,
  path: string,
  kind: 'string' | 'number' | 'boolean' | 'object' | 'array',
  optional = false,
): unknown {
  const value = parent[key];
  const where = `${path}.${key}`;
  if (value === undefined) {
    if (!optional) problems.push(`${where} is missing`);
    return undefined;
  }
  const ok =
    kind === 'array'
      ? Array.isArray(value)
      : kind === 'object'
        ? isObject(value)
        : kind === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === kind;
  if (!ok)
    problems.push(`${where} must be ${kind === 'array' || kind === 'object' ? `an ${kind}` : `a ${kind}`}`);
  return ok ? value : undefined;
}

function oneOf(problems: Problems, value: unknown, where: string, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    problems.push(
      `${where} must be one of ${allowed.map((a) => `"${a}"`).join(', ')} (found ${JSON.stringify(value)})`,
    );
  }
}

function checkTrace(problems: Problems, trace: unknown[], path: string): void {
  trace.forEach((entry, index) => {
    const where = `${path}[${index}]`;
    if (!isObject(entry)) {
      problems.push(`${where} must be an object`);
      return;
    }
    expect(problems, entry, 'atMs', where, 'number');
    oneOf(problems, expect(problems, entry, 'direction', where, 'string'), `${where}.direction`, [
      'sent',
      'received',
      'note',
    ]);
    expect(problems, entry, 'channel', where, 'string');
    expect(problems, entry, 'party', where, 'string', true);
    if (!('message' in entry)) problems.push(`${where}.message is missing`);
    expect(problems, entry, 'expected', where, 'string', true);
    expect(problems, entry, 'observed', where, 'string', true);
  });
}

function checkRequirement(problems: Problems, requirement: unknown, where: string): void {
  if (!isObject(requirement)) {
    problems.push(`${where} must be an object`);
    return;
  }
  const rule = expect(problems, requirement, 'rule', where, 'string');
  if (typeof rule === 'string' && rule.trim() === '') problems.push(`${where}.rule is empty`);
  expect(problems, requirement, 'statement', where, 'string');
  const bindings = expect(problems, requirement, 'bindings', where, 'array') as unknown[] | undefined;
  bindings?.forEach((binding, i) => {
    oneOf(problems, binding, `${where}.bindings[${i}]`, ['mqtt', 'ws']);
  });
  expect(problems, requirement, 'runs', where, 'number');
  expect(problems, requirement, 'durationMs', where, 'number');
  const verdict = expect(problems, requirement, 'verdict', where, 'string');
  oneOf(problems, verdict, `${where}.verdict`, ['passed', 'failed', 'not-run']);
  if (verdict === 'not-run') expect(problems, requirement, 'reason', where, 'string');
  if (verdict !== 'failed') return;
  const counterexample = expect(problems, requirement, 'counterexample', where, 'object') as Json | undefined;
  if (counterexample) {
    const at = `${where}.counterexample`;
    const commands = expect(problems, counterexample, 'commands', at, 'array') as unknown[] | undefined;
    commands?.forEach((c, i) => {
      if (typeof c !== 'string') problems.push(`${at}.commands[${i}] must be a string`);
    });
    const trace = expect(problems, counterexample, 'trace', at, 'array') as unknown[] | undefined;
    if (trace) checkTrace(problems, trace, `${at}.trace`);
    expect(problems, counterexample, 'summary', at, 'string');
  }
  const replay = expect(problems, requirement, 'replay', where, 'object') as Json | undefined;
  if (replay) {
    expect(problems, replay, 'seed', `${where}.replay`, 'number');
    expect(problems, replay, 'path', `${where}.replay`, 'string');
    expect(problems, replay, 'command', `${where}.replay`, 'string');
  }
}

function checkIntegrity(problems: Problems, integrity: Json): void {
  const at = '$.integrity';
  oneOf(problems, expect(problems, integrity, 'algorithm', at, 'string'), `${at}.algorithm`, ['sha256']);
  const digest = expect(problems, integrity, 'digest', at, 'string');
  if (typeof digest === 'string' && !/^[0-9a-f]{64}$/.test(digest))
    problems.push(`${at}.digest must be 64 lower-case hex digits`);
  const signature = expect(problems, integrity, 'signature', at, 'object', true) as Json | undefined;
  if (signature) {
    oneOf(
      problems,
      expect(problems, signature, 'algorithm', `${at}.signature`, 'string'),
      `${at}.signature.algorithm`,
      ['ed25519'],
    );
    expect(problems, signature, 'publicKey', `${at}.signature`, 'string');
    expect(problems, signature, 'value', `${at}.signature`, 'string');
  }
}

function checkStrings(problems: Problems, list: unknown[], where: string): void {
  list.forEach((item, i) => {
    if (typeof item !== 'string') problems.push(`${where}[${i}] must be a string`);
  });
}

/** Members that would hold an app token's secret: a hub result names tokens only. */
const SECRET_KEYS = ['token', 'secret', 'password'] as const;

function checkSubject(problems: Problems, subject: Json): void {
  const at = '$.subject';
  const kind = expect(problems, subject, 'kind', at, 'string');
  oneOf(problems, kind, `${at}.kind`, ['device', 'hub']);
  if (kind === 'device') {
    for (const key of ['id', 'modelId', 'modelSha256', 'target'])
      expect(problems, subject, key, at, 'string');
    expect(problems, subject, 'firmware', at, 'string', true);
    oneOf(problems, expect(problems, subject, 'binding', at, 'string'), `${at}.binding`, ['mqtt', 'ws']);
    const names = expect(problems, subject, 'propertyNames', at, 'object', true) as Json | undefined;
    for (const [key, name] of Object.entries(names ?? {})) {
      if (!/^\d+\.\d+$/.test(key) || typeof name !== 'string')
        problems.push(`${at}.propertyNames["${key}"] must map "siid.piid" to a property name`);
    }
  }
  if (kind !== 'hub') return;
  for (const key of ['target', 'hubUrl']) expect(problems, subject, key, at, 'string');
  expect(problems, subject, 'deadlineMs', at, 'number');
  const fleet = expect(problems, subject, 'fleet', at, 'array') as unknown[] | undefined;
  fleet?.forEach((device, i) => {
    const where = `${at}.fleet[${i}]`;
    if (!isObject(device)) {
      problems.push(`${where} must be an object`);
      return;
    }
    for (const key of ['deviceId', 'modelId']) expect(problems, device, key, where, 'string');
    oneOf(problems, expect(problems, device, 'binding', where, 'string'), `${where}.binding`, ['mqtt', 'ws']);
  });
  const apps = expect(problems, subject, 'apps', at, 'array') as unknown[] | undefined;
  apps?.forEach((app, i) => {
    const where = `${at}.apps[${i}]`;
    if (!isObject(app)) {
      problems.push(`${where} must be an object`);
      return;
    }
    expect(problems, app, 'name', where, 'string');
    for (const secret of SECRET_KEYS)
      if (secret in app)
        problems.push(`${where}.${secret} must not be there: a result names app tokens, never their secrets`);
    if (app.devices === '*') return;
    if (app.devices === undefined) problems.push(`${where}.devices is missing`);
    else if (!Array.isArray(app.devices)) problems.push(`${where}.devices must be an array or "*"`);
    else checkStrings(problems, app.devices, `${where}.devices`);
  });
}

/**
 * Every problem that keeps `value` from being a renderable CertificationResult; empty when it
 * is one. A /1 device result is judged as the /2 result it reads as.
 */
export function certificationResultProblems(raw: unknown): string[] {
  const problems: Problems = [];
  const value = upgradeResult(raw);
  if (!isObject(value)) return ['$ must be a JSON object'];
  if (value.schema !== CERTIFICATION_RESULT_SCHEMA)
    problems.push(
      `$.schema must be "${CERTIFICATION_RESULT_SCHEMA}" or, for a device result written earlier, "${CERTIFICATION_RESULT_SCHEMA_V1}" (found ${JSON.stringify((raw as Json).schema)})`,
    );
  const tool = expect(problems, value, 'tool', '$', 'object') as Json | undefined;
  if (tool) {
    expect(problems, tool, 'name', '$.tool', 'string');
    expect(problems, tool, 'version', '$.tool', 'string');
  }
  expect(problems, value, 'startedAt', '$', 'string');
  expect(problems, value, 'durationMs', '$', 'number');
  const subject = expect(problems, value, 'subject', '$', 'object') as Json | undefined;
  if (subject) checkSubject(problems, subject);
  expect(problems, value, 'seed', '$', 'number');
  const settings = expect(problems, value, 'settings', '$', 'object') as Json | undefined;
  if (settings) {
    for (const key of ['runs', 'responseDeadlineMs', 'notificationDeadlineMs'])
      expect(problems, settings, key, '$.settings', 'number');
    expect(problems, settings, 'deadlinesExtended', '$.settings', 'boolean');
    expect(problems, settings, 'only', '$.settings', 'array', true);
    oneOf(problems, expect(problems, settings, 'mode', '$.settings', 'string'), '$.settings.mode', [
      'listen',
      'broker',
      'ws',
      'hub-command',
      'hub-url',
    ]);
  }
  const verdict = expect(problems, value, 'verdict', '$', 'string');
  oneOf(problems, verdict, '$.verdict', ['certified', 'not-certified', 'partial']);
  const counts = expect(problems, value, 'counts', '$', 'object') as Json | undefined;
  if (counts)
    for (const key of ['passed', 'failed', 'notRun']) expect(problems, counts, key, '$.counts', 'number');
  expect(problems, value, 'requests', '$', 'number');
  const latency = expect(problems, value, 'latency', '$', 'object') as Json | undefined;
  if (latency) {
    for (const key of ['count', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs'])
      expect(problems, latency, key, '$.latency', 'number');
    const samples = expect(problems, latency, 'samplesMs', '$.latency', 'array') as unknown[] | undefined;
    if (samples?.some((s) => typeof s !== 'number' || !Number.isFinite(s) || s < 0))
      problems.push('$.latency.samplesMs must hold only non-negative numbers');
  }
  const requirements = expect(problems, value, 'requirements', '$', 'array') as unknown[] | undefined;
  requirements?.forEach((r, i) => {
    checkRequirement(problems, r, `$.requirements[${i}]`);
  });
  const integrity = expect(problems, value, 'integrity', '$', 'object', true) as Json | undefined;
  if (integrity) checkIntegrity(problems, integrity);
  if (problems.length === 0) problems.push(...consistencyProblems(value as unknown as CertificationResult));
  return problems;
}

/** The counts and verdict a report shows must agree with its rows, or the page would contradict itself. */
function consistencyProblems(result: CertificationResult): string[] {
  const problems: string[] = [];
  const tally = (verdict: RuleVerdict['verdict']) =>
    result.requirements.filter((r) => r.verdict === verdict).length;
  const actual = { passed: tally('passed'), failed: tally('failed'), notRun: tally('not-run') };
  for (const key of ['passed', 'failed', 'notRun'] as const) {
    if (result.counts[key] !== actual[key])
      problems.push(
        `$.counts.${key} is ${result.counts[key]} but ${actual[key]} requirements have that verdict`,
      );
  }
  if (result.verdict !== 'not-certified' && actual.failed > 0)
    problems.push(`$.verdict is "${result.verdict}" although ${actual.failed} requirement(s) failed`);
  const seen = new Set<string>();
  result.requirements.forEach((r, i) => {
    if (seen.has(r.rule)) problems.push(`$.requirements[${i}].rule ${r.rule} appears more than once`);
    seen.add(r.rule);
  });
  return problems;
}

/**
 * `value` as a CertificationResult (a /1 device result upgraded, without its old seal), or a
 * ReportInputError naming `source` and every problem.
 */
export function parseCertificationResult(value: unknown, source: string): CertificationResult {
  const problems = certificationResultProblems(value);
  if (problems.length > 0) throw new ReportInputError(source, problems);
  return upgradeResult(value) as CertificationResult;
}
