/**
 * The requirement catalogue: one entry per rule of PROTOCOL.md, for the subject it judges (a
 * device, sections 4 to 6; a hub, section 8), with how fleetcert checks it and in which
 * certification modes it can run. A check that cannot run in a mode is reported as not run
 * with the reason given here, never as passed. Each subject's entries live in their own file
 * (device-requirements.ts, hub-requirements.ts); this one joins them.
 */
import type { Binding, CertifyMode, DeviceMode, HubMode } from '../../src/result/index.js';
import { DEVICE_REQUIREMENTS } from './device-requirements.js';
import { HUB_REQUIREMENTS } from './hub-requirements.js';
import { type RuleId, ruleOrder } from './rule-ids.js';

export type { CertifyMode, DeviceMode, HubMode } from '../../src/result/index.js';

/** What a rule judges. */
export type SubjectKind = 'device' | 'hub';

/**
 * - `full`: the check runs completely in this mode.
 * - `partial`: part of the rule is checked; a violation fails it, otherwise it is not run (with `reason`).
 * - `none`: not checked in this mode (with `reason`).
 */
export type Applicability =
  | { readonly run: 'full' }
  | { readonly run: 'partial'; readonly reason: string }
  | { readonly run: 'none'; readonly reason: string };

/** `model-based`: judged by a judge over generated command sequences; `scenario`: a scripted check. */
export type CheckKind = 'model-based' | 'scenario';

interface RequirementBase {
  readonly id: RuleId;
  /** PROTOCOL.md section the rule is in. */
  readonly section: 4 | 5 | 6 | 8 | 9;
  /** One line, in the protocol's words. */
  readonly statement: string;
  /** The device bindings it concerns (a hub rule: the bindings of the fleet behind the hub). */
  readonly bindings: readonly Binding[];
  readonly kind: CheckKind;
}

export interface DeviceRequirement extends RequirementBase {
  readonly subject: 'device';
  readonly modes: Readonly<Record<DeviceMode, Applicability>>;
}

export interface HubRequirement extends RequirementBase {
  readonly subject: 'hub';
  readonly modes: Readonly<Record<HubMode, Applicability>>;
}

export type Requirement = DeviceRequirement | HubRequirement;

const BY_SUBJECT: Readonly<Record<SubjectKind, readonly Requirement[]>> = {
  device: DEVICE_REQUIREMENTS,
  hub: HUB_REQUIREMENTS,
};

/** Every rule of every subject, in protocol order. */
export const REQUIREMENTS: readonly Requirement[] = Object.freeze(
  [...DEVICE_REQUIREMENTS, ...HUB_REQUIREMENTS].sort((a, b) => ruleOrder(a.id) - ruleOrder(b.id)),
);

const BY_ID: ReadonlyMap<RuleId, Requirement> = new Map(REQUIREMENTS.map((r) => [r.id, r]));

/** The rules a result for this subject lists, in protocol order. */
export function requirementsFor(subject: SubjectKind): readonly Requirement[] {
  return BY_SUBJECT[subject];
}

export function requirement(id: RuleId): Requirement {
  const found = BY_ID.get(id);
  if (found === undefined) throw new RangeError(`no requirement ${id} in the catalogue`);
  return found;
}

export function subjectOfMode(mode: CertifyMode): SubjectKind {
  return mode === 'hub-command' || mode === 'hub-url' ? 'hub' : 'device';
}

/** How far `r` can be checked in `mode`; a rule of another subject never runs. */
export function applicability(r: Requirement, mode: CertifyMode): Applicability {
  if (r.subject === 'device' && subjectOfMode(mode) === 'device') return r.modes[mode as DeviceMode];
  if (r.subject === 'hub' && subjectOfMode(mode) === 'hub') return r.modes[mode as HubMode];
  return {
    run: 'none',
    reason:
      r.subject === 'hub'
        ? 'a hub rule (docs/protocol.md, section 8); the subject is a device'
        : `a device rule (docs/protocol.md, section ${r.section}); the subject is a hub`,
  };
}

/** The model-based rules of a subject (device: the rules of section 4). */
export function modelBasedRules(subject: SubjectKind = 'device'): readonly RuleId[] {
  return requirementsFor(subject)
    .filter((r) => r.kind === 'model-based')
    .map((r) => r.id);
}

export function bindingOfMode(mode: DeviceMode): Binding {
  return mode === 'ws' ? 'ws' : 'mqtt';
}
