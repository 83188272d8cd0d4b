/**
 * `fleetcert certify --list` and `certify hub --list`: every rule of the subject with its
 * one-line statement, from the catalogue (conformance/catalogue), and with a binding option
 * whether fleetcert checks it there; with `--model`, whether the model gives it anything to
 * check, and what (the properties, actions, events it will use). Like `playwright test --list`:
 * nothing is run.
 */

import {
  type Applicability,
  applicability,
  type CertifyMode,
  combineApplicability,
  modelApplicability,
  type Requirement,
  requirementsFor,
  type SubjectKind,
} from '../../conformance/catalogue/index.js';
import { printable } from '../../src/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import type { Binding } from '../../src/result/index.js';

const BINDING_NAMES: Readonly<Record<Binding, string>> = { mqtt: 'MQTT', ws: 'WebSocket' };

/** Names listed under a rule before "and N more": a model's list stays readable. */
const MAX_NAMES = 12;

/**
 * The lines `--list` prints; `mode` when a binding option was given, `modelLabel` and `model`
 * with --model (a device's rules then say whether the model gives them anything to check).
 */
export function ruleListText(
  subject: SubjectKind,
  mode?: CertifyMode,
  modelLabel?: string,
  model?: DeviceModel,
  tls = false,
): string {
  const rules = requirementsFor(subject);
  const width = Math.max(...rules.map((r) => r.id.length));
  const heading = [
    `${rules.length} ${subject} rules (docs/protocol.md${subject === 'hub' ? ', section 8' : ', sections 4 to 6 and 9'}); nothing is run: what a certification would check`,
    ...(modelLabel === undefined ? [] : [`model: ${modelLabel}`]),
    ...(mode === undefined ? [] : [`binding: ${modeLabel(mode, tls)}`]),
  ];
  const indent = ' '.repeat(width + 2);
  const lines = rules.map((r) => {
    if (mode !== undefined && needsTlsListener(r, mode, tls))
      return [`${r.id.padEnd(width)}  ${r.statement}`, `${indent}→ ${TLS_NOT_RUN}`].join('\n');
    const binding = mode === undefined ? undefined : applicability(r, mode);
    const byModel =
      model === undefined || r.subject !== 'device' ? undefined : modelApplicability(r.id, model);
    const judged =
      binding !== undefined && byModel !== undefined
        ? combineApplicability(binding, byModel.applicability)
        : (binding ?? byModel?.applicability);
    const status = judged === undefined ? bindingsNote(r) : applicabilityText(judged);
    const notes = [
      ...(status === '' ? [] : [status]),
      ...(byModel?.uses === undefined || judged?.run === 'none'
        ? []
        : [`${byModel.uses.what}: ${namesText(byModel.uses.names)}`]),
    ];
    return [`${r.id.padEnd(width)}  ${r.statement}`, ...notes.map((n) => `${indent}→ ${n}`)].join('\n');
  });
  return `${heading.join('\n')}\n\n${lines.join('\n')}\n`;
}

/** Why section 9's rules are not run with `--listen` alone (the TLS suite says the same after a run). */
export const TLS_NOT_RUN =
  'not run in this mode: fleetcert presents the certificates on its TLS listener, give --listen-tls PORT --tls-host NAME (docs/protocol.md, section 9)';

/**
 * Section 9's rules apply to an MQTT device with the embedded broker, but run only when fleetcert
 * also serves TLS (`--listen-tls`); with `--listen` alone they are not run.
 */
export function needsTlsListener(r: Requirement, mode: CertifyMode, tls: boolean): boolean {
  return r.subject === 'device' && r.section === 9 && mode === 'listen' && !tls;
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

function namesText(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES).map((n) => printable(n, 80));
  return names.length > MAX_NAMES
    ? `${shown.join(', ')} and ${names.length - MAX_NAMES} more`
    : shown.join(', ');
}

/** Without a binding option: say which binding a binding-specific rule belongs to. */
function bindingsNote(r: Requirement): string {
  if (r.subject === 'hub' || r.bindings.length !== 1) return '';
  return `${BINDING_NAMES[r.bindings[0] as Binding]} binding only`;
}

function modeLabel(mode: CertifyMode, tls: boolean): string {
  switch (mode) {
    case 'listen':
      return tls ? 'MQTT over TLS, embedded broker (--listen-tls)' : 'MQTT, embedded broker (--listen)';
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
