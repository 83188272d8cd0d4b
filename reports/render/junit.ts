/**
 * The result as JUnit XML for CI systems: one testsuite, one testcase per requirement in
 * protocol order, `<failure>` with the counterexample as text, `<skipped>` with the reason
 * for requirements that did not run. Counts are taken from the same rows, so they match.
 */
import {
  type CertificationResult,
  type CertificationSubject,
  hasExchange,
  type RuleVerdict,
} from '../../src/result/index.js';

import { formatJsonLine, formatOffset } from '../model/format.js';
import { compareRules, parseRuleId } from '../model/rule-order.js';
import { directionText } from '../model/sequence-chart.js';
import { SETUP_ALONE_PLAIN } from '../model/setup-alone.js';
import { serializeXml, type XmlElement } from './xml.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The counterexample as plain text, readable in a CI log. */
export function counterexampleText(
  requirement: Extract<RuleVerdict, { verdict: 'failed' }>,
  /** Whose result: the replay heading names the device or the hub it ran against. */
  subject: CertificationSubject['kind'] = 'device',
): string {
  const { counterexample, replay } = requirement;
  const start = Math.min(...counterexample.trace.map((entry) => entry.atMs));
  const commandsHeading =
    requirement.consequenceOf !== undefined
      ? `Commands of the run that failed ${requirement.consequenceOf} first:`
      : requirement.reproduced === false
        ? 'Commands of the run as seen (not reproduced, not shrunk):'
        : 'Minimal command sequence:';
  const lines = [`${requirement.rule}: ${counterexample.summary}`];
  // A failure with no exchange (a TLS check, judged at the socket) is told by its summary alone.
  if (hasExchange(counterexample)) lines.push('', commandsHeading);
  counterexample.commands.forEach((command, index) => {
    lines.push(`  ${index + 1}. ${command}`);
  });
  if (counterexample.commands.length === 0 && hasExchange(counterexample))
    lines.push(`  ${SETUP_ALONE_PLAIN}`);
  if (hasExchange(counterexample)) lines.push('', 'Messages:');
  counterexample.trace.forEach((entry, index) => {
    const message = typeof entry.message === 'string' ? entry.message : formatJsonLine(entry.message);
    lines.push(
      `  ${index + 1}. ${formatOffset(entry.atMs - start)}  ${directionText(entry, 'harness note')}  ${entry.channel}  ${message}`,
    );
    if (entry.expected !== undefined) lines.push(`       expected: ${entry.expected}`);
    if (entry.observed !== undefined) lines.push(`       observed: ${entry.observed}`);
  });
  const replayHeading =
    requirement.consequenceOf !== undefined
      ? `Replay of ${requirement.consequenceOf}, which this follows from`
      : requirement.reproduced === false
        ? `Seen, not reproduced: this replay passed against the same ${subject}`
        : 'Replay';
  const path = replay.path === '' ? '' : `, path ${replay.path}`;
  lines.push('', `${replayHeading} (seed ${replay.seed}${path}):`, `  ${replay.command}`);
  return lines.join('\n');
}

function testcase(result: CertificationResult, requirement: RuleVerdict): XmlElement {
  const attributes = {
    name: `${requirement.rule} ${requirement.statement}`,
    classname: `edp.${parseRuleId(requirement.rule).family.toLowerCase()}`,
    time: seconds(requirement.durationMs),
  };
  switch (requirement.verdict) {
    case 'passed':
      // A pass with a note (a part of the rule this mode could not observe) says so in the CI log.
      return requirement.notes === undefined || requirement.notes.length === 0
        ? { name: 'testcase', attributes }
        : {
            name: 'testcase',
            attributes,
            children: [{ name: 'system-out', text: requirement.notes.map((n) => `note: ${n}`).join('\n') }],
          };
    case 'not-run':
      return {
        name: 'testcase',
        attributes,
        children: [{ name: 'skipped', attributes: { message: requirement.reason } }],
      };
    case 'failed':
      return {
        name: 'testcase',
        attributes,
        children: [
          {
            name: 'failure',
            attributes: { message: requirement.counterexample.summary, type: requirement.rule },
            text: counterexampleText(requirement, result.subject.kind),
          },
          {
            name: 'system-out',
            text: [
              ...(requirement.notes ?? []).map((n) => `note: ${n}`),
              `replay: ${requirement.replay.command}`,
              replayContext(result),
            ].join('\n'),
          },
        ],
      };
  }
}

const property = (name: string, value: string): XmlElement => ({
  name: 'property',
  attributes: { name, value },
});

/** What a failure's output names besides the replay: the model hash, or the hub and its fleet. */
function replayContext(result: CertificationResult): string {
  const { subject } = result;
  return subject.kind === 'device'
    ? `model sha256: ${subject.modelSha256}`
    : `hub: ${subject.target} (${subject.hubUrl})`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** The subject as properties; a hub's app tokens by name and grant, never their secrets. */
function subjectProperties(subject: CertificationSubject): XmlElement[] {
  if (subject.kind === 'device')
    return [
      property('device.id', subject.id),
      property('device.model', subject.modelId),
      property('device.model.sha256', subject.modelSha256),
      property('device.firmware', subject.firmware ?? ''),
      property('device.binding', subject.binding),
    ];
  return [
    property('hub.target', subject.target),
    property('hub.url', subject.hubUrl),
    property('hub.deadline_ms', String(subject.deadlineMs)),
    property('hub.fleet', subject.fleet.map((d) => `${d.deviceId}=${d.modelId}/${d.binding}`).join(' ')),
    ...subject.apps.map((app) =>
      property(`hub.app.${app.name}`, app.devices === '*' ? '*' : app.devices.join(' ')),
    ),
  ];
}

export function buildJunitTree(result: CertificationResult): XmlElement {
  const requirements = [...result.requirements].sort((a, b) => compareRules(a.rule, b.rule));
  const tally = (verdict: RuleVerdict['verdict']) => requirements.filter((r) => r.verdict === verdict).length;
  const counts = {
    tests: requirements.length,
    failures: tally('failed'),
    errors: 0,
    skipped: tally('not-run'),
    time: seconds(result.durationMs),
  };
  const { subject } = result;
  const suiteName =
    subject.kind === 'device'
      ? `EDP/1 certification of ${subject.id} (${subject.modelId})`
      : `EDP/1 hub certification of ${subject.target}`;
  return {
    name: 'testsuites',
    attributes: { name: 'fleetcert', ...counts },
    children: [
      {
        name: 'testsuite',
        attributes: {
          name: suiteName,
          ...counts,
          timestamp: result.startedAt.replace(/(\.\d+)?Z$/, ''),
          hostname: subject.kind === 'device' ? subject.id : hostOf(subject.hubUrl),
        },
        children: [
          {
            name: 'properties',
            children: [
              property('verdict', result.verdict),
              ...subjectProperties(subject),
              property('seed', String(result.seed)),
              property('tool', `${result.tool.name} ${result.tool.version}`),
              ...(result.integrity ? [property('result.sha256', result.integrity.digest)] : []),
            ],
          },
          ...requirements.map((requirement) => testcase(result, requirement)),
        ],
      },
    ],
  };
}

export function renderJunitXml(result: CertificationResult): string {
  return serializeXml(buildJunitTree(result));
}
