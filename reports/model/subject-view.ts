/**
 * What the report says about its subject, a device or a hub: the name in the title, the few
 * lines beside the verdict, and the facts of the "subject and run" card. A hub's app tokens
 * are shown by name and grant only; a result never holds their secrets.
 */
import type {
  CertificationResult,
  CertificationSubject,
  CertifyMode,
  HubSubject,
} from '../../src/result/index.js';
import { formatInteger, plural } from './format.js';
import type { Fact, SubjectHeader } from './report-model.js';
import { BINDING_NAMES } from './requirement-rows.js';

const MODE_NAMES: Readonly<Record<CertifyMode, string>> = {
  listen: 'fleetcert embedded broker (--listen)',
  broker: 'existing broker (--broker)',
  ws: 'direct WebSocket (--ws)',
  'hub-command': 'fleetcert started the hub (--hub-command)',
  'hub-url': 'a hub that already ran (--hub)',
};

const fact = (label: string, value: string, mono: boolean, note: string | null = null): Fact => ({
  label,
  value,
  mono,
  note,
});

/** The subject's one word for sentences: `device` or `hub`. */
export function subjectNoun(subject: CertificationSubject): string {
  return subject.kind;
}

/** Beside the verdict: what was certified, at a glance. */
export function subjectHeader(subject: CertificationSubject): SubjectHeader {
  if (subject.kind === 'device')
    return {
      kind: 'device',
      cardTitle: 'Device and run',
      peer: { noun: 'device', name: subject.id },
      lines: [
        { term: 'Device', detail: subject.id, id: 'device-id' },
        { term: 'Model', detail: subject.modelId, id: null },
      ],
    };
  return {
    kind: 'hub',
    cardTitle: 'Hub and run',
    peer: { noun: 'hub', name: subject.hubUrl },
    lines: [
      { term: 'Hub', detail: subject.target, id: 'hub-target' },
      { term: 'Fleet', detail: fleetText(subject), id: 'hub-fleet' },
      { term: 'App tokens', detail: subject.apps.map((a) => a.name).join(', ') || 'none', id: 'hub-apps' },
    ],
  };
}

function fleetText(subject: HubSubject): string {
  const byModel = new Map<string, number>();
  for (const d of subject.fleet) byModel.set(d.modelId, (byModel.get(d.modelId) ?? 0) + 1);
  const parts = [...byModel].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, n]) => `${n} × ${m}`);
  return `${plural(subject.fleet.length, 'device')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

function grantText(devices: readonly string[] | '*'): string {
  if (devices === '*') return 'every device ("*")';
  return devices.length === 0 ? 'no device' : devices.join(', ');
}

function subjectFacts(result: CertificationResult): Fact[] {
  const { subject, settings } = result;
  if (subject.kind === 'device')
    return [
      fact('Device ID', subject.id, true),
      fact('Model', subject.modelId, true),
      fact('Model SHA-256', subject.modelSha256, true),
      fact('Firmware', subject.firmware ?? 'not reported', subject.firmware !== undefined),
      fact('Binding', BINDING_NAMES[subject.binding], false, MODE_NAMES[settings.mode]),
      fact('Target', subject.target, true),
    ];
  const fleet = subject.fleet.map((d) => `${d.deviceId} (${d.modelId}, ${BINDING_NAMES[d.binding]})`);
  return [
    fact('Hub', subject.target, true, MODE_NAMES[settings.mode]),
    fact('App endpoint', subject.hubUrl, true),
    fact('Fleet', fleet.join(' · ') || 'none', true, fleetText(subject)),
    ...subject.apps.map((app) =>
      fact(`App token ${app.name}`, grantText(app.devices), true, 'token name; its secret is not recorded'),
    ),
    fact('Hub deadline (deadline_ms)', `${formatInteger(subject.deadlineMs)} ms`, false),
  ];
}

/** The "subject and run" card: the subject's facts, then the run's. */
export function factsOf(result: CertificationResult, runFacts: readonly Fact[]): Fact[] {
  return [...subjectFacts(result), ...runFacts];
}
