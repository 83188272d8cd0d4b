/**
 * The cases the suite knows by name and sends in every certification, whatever the seed
 * (random exploration comes on top): every malformed frame of section 3 (the 17-item batch
 * included, EDP-RPC-4), each item-code precedence of a read, a write and an action
 * (EDP-PROP-2, EDP-PROP-4, EDP-ACT-2), an invalid value per constraint of every writable
 * property and action argument and each wrong shape of `in` (constraint-cases.ts), each guard
 * holding and failing, and each action once with its guard made to hold, so every effect op
 * the model uses runs (EDP-ACT-1). Each case is a run of its own, except that the invalid calls
 * of one action argument (or of `in`'s shapes) share one and the malformed frames of one kind
 * share one; commands record themselves as covered when sent.
 */
import fc from 'fast-check';
import type { PropertyValue } from '../../src/model/index.js';
import { sameValue } from '../../src/model/index.js';
import type { Binding } from '../../src/result/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { ActionCommand } from '../commands/action.command.js';
import { EnumeratedCaseCommand } from '../commands/enumerated-case.command.js';
import { GetPropertiesCommand } from '../commands/get-properties.command.js';
import { MalformedFrameCommand } from '../commands/malformed-frame.command.js';
import { SetPropertiesCommand } from '../commands/set-properties.command.js';
import type { IndexedProperty, ModelIndex } from '../judge/model-index.js';
import { actionCall, invalidCall, validCall } from './action-call.js';
import { actionText, propertyText, rawAddressText, show } from './address-text.js';
import { invalidCallGroups, invalidWriteCases } from './constraint-cases.js';
import type { ItemSpec } from './get-item.js';
import { guardItems } from './guard-items.js';
import { invalidPropertyValue } from './invalid-property-value.js';
import { MALFORMED_CATEGORIES, malformedFramesOf } from './malformed-frame.js';
import { propertyValue } from './property-value.js';
import type { SuiteCommand } from './suite-command.js';
import { unknownAddress } from './unknown-ids.js';

export interface EnumeratedCase {
  readonly name: string;
  readonly command: fc.Arbitrary<SuiteCommand>;
}

/** One run of the cases of one rule. */
export interface EnumeratedRun {
  readonly rule: RuleId;
  readonly cases: readonly EnumeratedCase[];
}

export function enumeratedRuns(index: ModelIndex, binding: Binding): EnumeratedRun[] {
  // One run per case (a failure's counterexample is that case alone), malformed frames one run per kind.
  const single = (rule: RuleId, cases: readonly EnumeratedCase[]) => cases.map((c) => ({ rule, cases: [c] }));
  const runs: EnumeratedRun[] = [
    ...single('EDP-PROP-2', readPrecedence(index)),
    ...single('EDP-PROP-4', writePrecedence(index)),
    ...single('EDP-PROP-4', invalidWriteCases(index)),
    ...single('EDP-ACT-2', actionPrecedence(index)),
    ...invalidCallGroups(index).map((cases) => ({ rule: 'EDP-ACT-2' as const, cases })),
    ...single('EDP-ACT-1', actionsOnce(index)),
  ];
  // Malformed frames last: a device that breaks on garbage is judged on the rest first.
  for (const category of MALFORMED_CATEGORIES)
    runs.push({ rule: 'EDP-RPC-4', cases: malformed(index, binding, category) });
  return runs.filter((run) => run.cases.length > 0);
}

/** The names of the enumerated cases of each rule. */
export function enumeratedCaseNames(index: ModelIndex, binding: Binding): Map<RuleId, string[]> {
  const out = new Map<RuleId, string[]>();
  for (const run of enumeratedRuns(index, binding))
    out.set(run.rule, [...(out.get(run.rule) ?? []), ...run.cases.map((c) => c.name)]);
  return out;
}

/** The run's commands, each recording itself as covered when sent. */
export function enumeratedRunCommands(run: EnumeratedRun): fc.Arbitrary<SuiteCommand[]> {
  return fc.tuple(
    ...run.cases.map((c) => c.command.map((command) => new EnumeratedCaseCommand(run.rule, c.name, command))),
  );
}

function malformed(
  index: ModelIndex,
  binding: Binding,
  category: (typeof MALFORMED_CATEGORIES)[number],
): EnumeratedCase[] {
  // Service 1 is mandatory and its properties are readable (section 2): always a valid probe.
  const probe = index.properties.find((p) => p.readable) ?? { siid: 1, piid: 1 };
  return malformedFramesOf(category, { binding }).map((frame) => ({
    name: `malformed frame: ${frame.text}`,
    command: fc.constant(new MalformedFrameCommand(frame, { siid: probe.siid, piid: probe.piid })),
  }));
}

const unknownItem = (index: ModelIndex, value?: unknown): fc.Arbitrary<ItemSpec> =>
  unknownAddress(index, 'piid').map((address) => ({
    item: value === undefined ? address : { ...address, value },
    text: `${rawAddressText(index, address.siid, address.piid)}${value === undefined ? '' : ` = ${show(value)}`}`,
  }));

function readPrecedence(index: ModelIndex): EnumeratedCase[] {
  const cases: EnumeratedCase[] = [
    {
      name: 'read an unknown property: -4003',
      command: unknownItem(index).map((i) => new GetPropertiesCommand([i])),
    },
  ];
  const unreadable = index.properties.find((p) => !p.readable);
  if (unreadable !== undefined) {
    const item = {
      item: { siid: unreadable.siid, piid: unreadable.piid },
      text: `${propertyText(unreadable)} (no read access)`,
    };
    cases.push({
      name: 'read a property without read: -4001',
      command: fc.constant(new GetPropertiesCommand([item])),
    });
  }
  return cases;
}

function invalidItem(p: IndexedProperty, suffix = ''): fc.Arbitrary<ItemSpec> {
  return invalidPropertyValue(p.spec).map(({ value, why }) => ({
    item: { siid: p.siid, piid: p.piid, value },
    text: `${propertyText(p)} = ${show(value)} (${why})${suffix}`,
  }));
}

function validItem(p: IndexedProperty): fc.Arbitrary<ItemSpec> {
  return propertyValue(p.spec).map((value) => ({
    item: { siid: p.siid, piid: p.piid, value },
    text: `${propertyText(p)} = ${show(value)}`,
  }));
}

/** A valid value of the guard property other than the one the guard needs (so the guard fails), if there is one. */
function guardBreaker(
  index: ModelIndex,
  siid: number,
  when: { piid: number; equals: unknown } | undefined,
): fc.Arbitrary<ItemSpec> | undefined {
  if (when === undefined) return undefined;
  const guard = index.property(siid, when.piid);
  if (guard === undefined || !guard.writable) return undefined;
  const others = guard.spec.values?.filter((v) => !sameValue(v.value, when.equals)).map((v) => v.value);
  const value: fc.Arbitrary<PropertyValue> | undefined =
    guard.spec.format === 'bool'
      ? fc.constant(!when.equals)
      : others !== undefined
        ? others.length > 0
          ? fc.constantFrom(...others)
          : undefined
        : guard.spec.range !== undefined && guard.spec.range[0] === guard.spec.range[1]
          ? undefined
          : propertyValue(guard.spec).filter((v) => !sameValue(v, when.equals));
  return value?.map((v) => ({
    item: { siid, piid: when.piid, value: v },
    text: `${propertyText(guard)} = ${show(v)}`,
  }));
}

function writePrecedence(index: ModelIndex): EnumeratedCase[] {
  const cases: EnumeratedCase[] = [
    {
      name: 'write an unknown property with an invalid value: -4003 first',
      command: unknownItem(index, { not: 'a value' }).map((i) => new SetPropertiesCommand([i])),
    },
  ];
  const readOnly = index.properties.find((p) => !p.writable);
  if (readOnly !== undefined) {
    cases.push({
      name: `write ${propertyText(readOnly)} (no write access) with an invalid value: -4002 before -4005`,
      command: invalidItem(readOnly, ' (no write access)').map((i) => new SetPropertiesCommand([i])),
    });
  }
  for (const p of index.properties.filter((q) => q.writable && q.spec.when !== undefined)) {
    const breaker = guardBreaker(index, p.siid, p.spec.when);
    const holds = guardItems(index, p.siid, p.spec.when);
    if (breaker !== undefined) {
      cases.push({
        name: `write ${propertyText(p)} with an invalid value while its guard fails: -4005 before -4007`,
        command: fc.tuple(breaker, invalidItem(p)).map((items) => new SetPropertiesCommand(items)),
      });
      cases.push({
        name: `write ${propertyText(p)} while its guard fails: -4007`,
        command: fc.tuple(breaker, validItem(p)).map((items) => new SetPropertiesCommand(items)),
      });
    }
    if (holds.length > 0 || p.spec.when === undefined) {
      cases.push({
        name: `write ${propertyText(p)} while its guard holds: 0`,
        command: validItem(p).map((item) => new SetPropertiesCommand([...holds, item])),
      });
    }
  }
  return cases;
}

function actionPrecedence(index: ModelIndex): EnumeratedCase[] {
  const cases: EnumeratedCase[] = [
    {
      name: 'call an unknown action: -4003',
      command: actionCall(index, { validWeight: 0, invalidWeight: 0, unknownWeight: 1 }).map(
        (call) => new ActionCommand(call),
      ),
    },
  ];
  for (const action of index.actions) {
    const breaker = guardBreaker(index, action.siid, action.spec.when);
    if (breaker === undefined) continue;
    cases.push({
      name: `call ${actionText(action)} with invalid in while its guard fails: -4006 before -4007`,
      command: fc.tuple(breaker, invalidCall(index, action)).map(([b, call]) => new ActionCommand(call, [b])),
    });
    cases.push({
      name: `call ${actionText(action)} while its guard fails: -4007`,
      command: fc.tuple(breaker, validCall(index, action)).map(([b, call]) => new ActionCommand(call, [b])),
    });
  }
  return cases;
}

/** Each action once, its guard made to hold: every effect op the model uses runs. */
function actionsOnce(index: ModelIndex): EnumeratedCase[] {
  return index.actions.map((action) => ({
    name: `call ${actionText(action)} with valid in, its guard holding (effects: ${action.spec.effects.map((e) => e.op).join(', ') || 'none'})`,
    command: validCall(index, action).map(
      (call) => new ActionCommand(call, guardItems(index, action.siid, action.spec.when)),
    ),
  }));
}
