/**
 * `fleetcert certify --list` and `certify hub --list`: every rule of the subject with its
 * one-line statement, from the catalogue (conformance/catalogue), and with a binding option
 * whether fleetcert checks it there. Like `playwright test --list`: nothing is run.
 */
import {
  type Applicability,
  applicability,
  type CertifyMode,
  type Requirement,
  requirementsFor,
  type SubjectKind,
} from '../../../conformance/catalogue/requirements.js';
import type { Binding } from '../../result/certification-result.js';

const BINDING_NAMES: Readonly<Record<Binding, string>> = { mqtt: 'MQTT', ws: 'WebSocket' };

/** The lines `--list` prints; `mode` when a binding option was given, `modelLabel` with --model. */
export function ruleListText(subject: SubjectKind, mode?: CertifyMode, modelLabel?: string): string {
  const rules = requirementsFor(subject);
  const width = Math.max(...rules.map((r) => r.id.length));
  const heading = [
    `${rules.length} ${subject} rules (docs/protocol.md${subject === 'hub' ? ', section 8' : ', sections 4 to 6 and 9'})`,
    ...(modelLabel === undefined ? [] : [`model: ${modelLabel}`]),
    ...(mode === undefined ? [] : [`binding: ${modeLabel(mode)}`]),
  ];
  const lines = rules.map((r) => {
    const status = mode === undefined ? bindingsNote(r) : applicabilityText(applicability(r, mode));
    return `${r.id.padEnd(width)}  ${r.statement}${status === '' ? '' : `\n${' '.repeat(width + 2)}→ ${status}`}`;
  });
  return `${heading.join('\n')}\n\n${lines.join('\n')}\n`;
}

export function applicabilityText(a: Applicability): string {
  switch (a.run) {
    case 'full':
      return 'applies';
    case 'partial':
      return `applies in part: ${a.reason}`;
    case 'none':
      return `not applicable: ${a.reason}`;
  }
}

/** Without a binding option: say which binding a binding-specific rule belongs to. */
function bindingsNote(r: Requirement): string {
  if (r.subject === 'hub' || r.bindings.length !== 1) return '';
  return `${BINDING_NAMES[r.bindings[0] as Binding]} binding only`;
}

function modeLabel(mode: CertifyMode): string {
  switch (mode) {
    case 'listen':
      return 'MQTT, embedded broker (--listen)';
    case 'broker':
      return 'MQTT, an existing broker (--broker)';
    case 'ws':
      return 'WebSocket (--ws)';
    case 'hub-command':
      return 'a hub fleetcert starts (--hub-command)';
    case 'hub-url':
      return 'a hub that already runs (--hub)';
  }
}
