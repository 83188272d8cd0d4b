/**
 * `fleetcert replay` as one JUnit file for all its traces: one testcase per trace (named by its
 * file and rule), `<failure>` with the rules the replayed exchange broke and its messages.
 * Counts come from the same rows, so they match.
 */
import { formatJsonLine, formatOffset } from '../model/format.js';
import { SETUP_ALONE_PLAIN } from '../model/setup-alone.js';
import { serializeXml, type XmlElement } from '../render/xml.js';

export interface ReplayReportEntry {
  readonly source: string;
  readonly rule: string;
  readonly summary: string;
  readonly verdict: 'passed' | 'failed';
  readonly durationMs: number;
  readonly broken: readonly string[];
  readonly commands: readonly string[];
  readonly messages: ReadonlyArray<{
    readonly atMs: number;
    readonly direction: 'sent' | 'received' | 'note';
    readonly channel: string;
    readonly message: unknown;
    readonly expected?: string;
    readonly observed?: string;
  }>;
  readonly violations: ReadonlyArray<{
    readonly rule: string;
    readonly expected: string;
    readonly observed: string;
  }>;
}

export interface ReplayReport {
  readonly deviceId: string;
  readonly modelId: string;
  readonly modelSha256: string;
  readonly target: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly tool: string;
  readonly entries: readonly ReplayReportEntry[];
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const ARROWS = { sent: 'harness → device', received: 'device → harness', note: 'harness note' } as const;

/** A failed replay as plain text, readable in a CI log. */
export function replayFailureText(entry: ReplayReportEntry): string {
  const same = entry.broken.includes(entry.rule);
  const lines = [
    same
      ? `${entry.source}: the device still breaks ${entry.rule}${entry.broken.length > 1 ? ` (and ${entry.broken.filter((r) => r !== entry.rule).join(', ')})` : ''}.`
      : `${entry.source}: ${entry.rule} held this time, but the exchange broke ${entry.broken.join(', ')}.`,
    '',
    ...entry.violations.map((v) => `${v.rule}: expected ${v.expected}; observed ${v.observed}`),
    '',
    'Commands:',
    ...(entry.commands.length === 0
      ? [`  ${SETUP_ALONE_PLAIN}`]
      : entry.commands.map((c, i) => `  ${i + 1}. ${c}`)),
    '',
    'Messages:',
  ];
  const start = Math.min(...entry.messages.map((m) => m.atMs));
  entry.messages.forEach((m, i) => {
    const text = typeof m.message === 'string' ? m.message : formatJsonLine(m.message);
    lines.push(`  ${i + 1}. ${formatOffset(m.atMs - start)}  ${ARROWS[m.direction]}  ${m.channel}  ${text}`);
    if (m.expected !== undefined) lines.push(`       expected: ${m.expected}`);
    if (m.observed !== undefined) lines.push(`       observed: ${m.observed}`);
  });
  return lines.join('\n');
}

function testcase(entry: ReplayReportEntry): XmlElement {
  const attributes = {
    name: `${entry.source} (${entry.rule})`,
    classname: 'edp.replay',
    time: seconds(entry.durationMs),
  };
  if (entry.verdict === 'passed') return { name: 'testcase', attributes };
  return {
    name: 'testcase',
    attributes,
    children: [
      {
        name: 'failure',
        attributes: { message: `broke ${entry.broken.join(', ')}`, type: entry.broken[0] ?? entry.rule },
        text: replayFailureText(entry),
      },
    ],
  };
}

export function renderReplayJunit(report: ReplayReport): string {
  const failures = report.entries.filter((e) => e.verdict === 'failed').length;
  const counts = {
    tests: report.entries.length,
    failures,
    errors: 0,
    skipped: 0,
    time: seconds(report.durationMs),
  };
  const property = (name: string, value: string) => ({ name: 'property', attributes: { name, value } });
  return serializeXml({
    name: 'testsuites',
    attributes: { name: 'fleetcert replay', ...counts },
    children: [
      {
        name: 'testsuite',
        attributes: {
          name: `EDP/1 trace replay on ${report.deviceId} (${report.modelId})`,
          ...counts,
          timestamp: report.startedAt.replace(/(\.\d+)?Z$/, ''),
          hostname: report.deviceId,
        },
        children: [
          {
            name: 'properties',
            children: [
              property('device.id', report.deviceId),
              property('device.model', report.modelId),
              property('device.model.sha256', report.modelSha256),
              property('target', report.target),
              property('tool', report.tool),
            ],
          },
          ...report.entries.map(testcase),
        ],
      },
    ],
  });
}
