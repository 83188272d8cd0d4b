/**
 * Judging the items of a result. Which rule a wrong item breaks follows the item's expectation:
 * a readable read that fails breaks EDP-PROP-1 (or EDP-PROP-2 when a bad item in the same batch
 * spoiled it), a failed read that should have failed differently EDP-PROP-2; writes likewise
 * EDP-PROP-3 / EDP-PROP-4; actions EDP-ACT-1 / EDP-ACT-2. Wrong length or order is EDP-RPC-3;
 * items that are not the shapes of section 3 are EDP-RPC-6.
 */

import { valueProblem } from '../../src/model/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { describeCode, describeJsonKind } from './describe.js';
import { describeExpectedValue, type ExpectedValue, valueMismatch } from './expected-value.js';
import type { JudgeOptions } from './judge-options.js';
import type { IndexedProperty } from './model-index.js';
import type { ExpectedGetItem, ExpectedOutItem, ExpectedResponse, ExpectedSetItem } from './prediction.js';
import { jsonEqual } from './value-equality.js';
import { type Violation, violation } from './violation.js';

type Item = Record<string, unknown>;

export function judgeGetResult(
  expected: readonly ExpectedGetItem[],
  result: unknown,
  options: JudgeOptions,
): Violation[] {
  const items = batchItems(expected, result);
  if (!Array.isArray(items)) return items.violations;
  const anyBad = expected.some((e) => e.code !== 0);
  const out: Violation[] = [];
  expected.forEach((want, i) => {
    const got = items[i] as Item;
    const where = `item ${i} (${want.label})`;
    if (got.code !== want.code) {
      const rule: RuleId = want.code !== 0 ? 'EDP-PROP-2' : anyBad ? 'EDP-PROP-2' : 'EDP-PROP-1';
      out.push(
        violation(
          rule,
          `${where}: code ${describeCode(want.code)}`,
          `code ${describeCode(got.code as number)}`,
        ),
      );
      return;
    }
    const hasValue = Object.hasOwn(got, 'value');
    if (want.value === undefined) {
      if (hasValue)
        out.push(
          violation(
            'EDP-PROP-2',
            `${where}: no value with code ${want.code}`,
            `value ${JSON.stringify(got.value)}`,
          ),
        );
      return;
    }
    if (!hasValue) {
      out.push(violation('EDP-PROP-1', `${where}: code 0 with a value`, 'no value'));
      return;
    }
    const mismatch = valueMismatch(want.value, got.value);
    if (mismatch !== undefined) {
      const found = violation(
        readRule(want.value, got.value, options),
        `${where}: ${describeExpectedValue(want.value)}`,
        mismatch,
      );
      out.push(leftInvalid(found, want.value.property, got.value, options));
    }
  });
  return out;
}

export function judgeSetResult(expected: readonly ExpectedSetItem[], result: unknown): Violation[] {
  const items = batchItems(expected, result);
  if (!Array.isArray(items)) return items.violations;
  const anyBad = expected.some((e) => e.code !== 0);
  const out: Violation[] = [];
  // Items see the state the items before them left (section 3): once the device has applied an
  // item it had to refuse, what a later item meets follows from that (a guard it broke).
  let appliedRefused = false;
  expected.forEach((want, i) => {
    const got = items[i] as Item;
    if (got.code === want.code) return;
    const rule: RuleId = want.code !== 0 ? 'EDP-PROP-4' : anyBad ? 'EDP-PROP-2' : 'EDP-PROP-3';
    const found = violation(
      rule,
      `item ${i} (${want.label}): code ${describeCode(want.code)}`,
      `code ${describeCode(got.code as number)}`,
    );
    out.push(appliedRefused && rule !== 'EDP-PROP-4' ? { ...found, consequenceOf: 'EDP-PROP-4' } : found);
    if (want.code !== 0 && got.code === 0) appliedRefused = true;
  });
  return out;
}

export function judgeActionResult(
  expected: Extract<ExpectedResponse, { kind: 'action' }>,
  result: unknown,
  options: JudgeOptions,
): Violation[] {
  const where = expected.label;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return [violation('EDP-RPC-6', `${where}: a result { code, out }`, describeJsonKind(result))];
  }
  const { code, out } = result as Item;
  if (typeof code !== 'number' || !Number.isInteger(code) || !Array.isArray(out)) {
    return [violation('EDP-RPC-6', `${where}: a result { code, out: [...] }`, describeJsonKind(result))];
  }
  if (code !== expected.code) {
    const rule: RuleId = expected.code === 0 ? 'EDP-ACT-1' : 'EDP-ACT-2';
    return [violation(rule, `${where}: code ${describeCode(expected.code)}`, `code ${describeCode(code)}`)];
  }
  if (code !== 0) {
    return out.length === 0
      ? []
      : [violation('EDP-ACT-2', `${where}: out [] with code ${code}`, `out ${describeJsonKind(out)}`)];
  }
  return judgeOut(where, expected.out, out, options);
}

function judgeOut(
  where: string,
  expected: readonly ExpectedOutItem[],
  out: unknown[],
  options: JudgeOptions,
): Violation[] {
  const wantPiids = expected.map((o) => o.piid);
  const gotPiids = out.map((o) => (typeof o === 'object' && o !== null ? (o as Item).piid : undefined));
  if (out.length !== expected.length || wantPiids.some((p, i) => p !== gotPiids[i])) {
    return [
      violation(
        'EDP-ACT-1',
        `${where}: out piids [${wantPiids.join(', ')}] in model order`,
        `out ${describeJsonKind(out)}`,
      ),
    ];
  }
  const violations: Violation[] = [];
  expected.forEach((want, i) => {
    const got = out[i] as Item;
    const mismatch = Object.hasOwn(got, 'value') ? valueMismatch(want.value, got.value) : 'no value';
    if (mismatch !== undefined) {
      const given = options.readMismatchRule;
      const rule =
        (typeof given === 'function' ? given(want.value.property, got.value) : given) ?? 'EDP-ACT-1';
      violations.push(
        violation(rule, `${where}: out ${want.piid} = ${describeExpectedValue(want.value)}`, mismatch),
      );
    }
  });
  return violations;
}

/** The items of a batch result when its length and order are right, else the violations. */
function batchItems(
  expected: readonly (ExpectedGetItem | ExpectedSetItem)[],
  result: unknown,
): unknown[] | { violations: Violation[] } {
  if (!Array.isArray(result)) {
    return {
      violations: [
        violation('EDP-RPC-3', `a result array of ${expected.length} items`, describeJsonKind(result)),
      ],
    };
  }
  if (result.length !== expected.length) {
    return {
      violations: [
        violation('EDP-RPC-3', `${expected.length} items, one per param`, `${result.length} items`),
      ],
    };
  }
  for (const [i, got] of result.entries()) {
    const want = expected[i] as ExpectedGetItem;
    if (
      typeof got !== 'object' ||
      got === null ||
      Array.isArray(got) ||
      !Number.isInteger((got as Item).code)
    ) {
      return {
        violations: [
          violation('EDP-RPC-6', `item ${i}: an object { siid, piid, code }`, describeJsonKind(got)),
        ],
      };
    }
    // Only ids the harness sent as whole numbers can be checked for echo; malformed ones are the device's to echo.
    const item = got as Item;
    // docs/protocol.md "Echoes": the address as sent, by value (2.0 is 2); a missing one as null
    // (an absent member is accepted too); a non-integer one as the same JSON value.
    const echoes = (sent: unknown, back: unknown) =>
      sent === undefined ? back === null || back === undefined : jsonEqual(sent, back);
    if (!echoes(want.siid, item.siid) || !echoes(want.piid, item.piid)) {
      return {
        violations: [
          violation(
            'EDP-RPC-3',
            `item ${i} answers (siid ${String(want.siid)}, piid ${String(want.piid)}), in the order of the params`,
            `item ${i} answering (siid ${String(item.siid)}, piid ${String(item.piid)})`,
          ),
        ],
      };
    }
  }
  return result;
}

/**
 * An invalid value on a property an earlier accepted-but-refusable call may have set: the
 * consequence of that call's rule, and the harness's knowledge of the rest stays intact.
 */
function leftInvalid(
  found: Violation,
  property: IndexedProperty,
  observed: unknown,
  options: JudgeOptions,
): Violation {
  const cause = options.leftInvalidBy?.(property);
  if (cause === undefined || valueProblem(property.spec, observed) === undefined) return found;
  return { ...found, consequenceOf: cause, stateIntact: true };
}

function readRule(expected: ExpectedValue, observed: unknown, options: JudgeOptions): RuleId {
  if (
    expected.kind === 'valid' ||
    valueMismatch({ kind: 'valid', property: expected.property }, observed) !== undefined
  ) {
    return 'EDP-PROP-1';
  }
  const given = options.readMismatchRule;
  const chosen = typeof given === 'function' ? given(expected.property, observed) : given;
  if (chosen !== undefined) return chosen;
  return expected.source === 'effect' ? 'EDP-ACT-1' : 'EDP-PROP-3';
}
