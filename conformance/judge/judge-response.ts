/**
 * Judging one response against the prediction, exactly: envelope errors by code and id
 * (EDP-RPC-4), batch length and order (EDP-RPC-3), item codes and values (EDP-PROP-*, EDP-ACT-*).
 * The response is already known to be well-formed as a message (EDP-RPC-2/6 are judged on
 * arrival). Pure: returns violations, never throws.
 */
import type { ErrorObject } from '../../src/protocol/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { describeCode, describeJsonKind, truncate } from './describe.js';
import { judgeActionResult, judgeGetResult, judgeSetResult } from './judge-items.js';
import type { JudgeOptions } from './judge-options.js';
import type { ExpectedResponse } from './prediction.js';
import { type Violation, violation } from './violation.js';

/** A response as received: a result or an envelope error, with the id it carried. */
export type { JudgeOptions } from './judge-options.js';

export type ObservedResponse =
  | { readonly kind: 'response'; readonly id: number | null; readonly result: unknown }
  | { readonly kind: 'error-response'; readonly id: number | null; readonly error: ErrorObject };

export function judgeResponse(
  expected: ExpectedResponse,
  observed: ObservedResponse,
  options: JudgeOptions = {},
): Violation[] {
  if (expected.kind === 'envelope-error') return judgeEnvelopeError(expected, observed);
  if (observed.kind === 'error-response') {
    return [
      violation(
        ruleForUnexpectedError(expected),
        describeExpected(expected),
        `envelope error ${describeCode(observed.error.code)}: ${JSON.stringify(observed.error.message)}`,
      ),
    ];
  }
  switch (expected.kind) {
    case 'get':
      return judgeGetResult(expected.items, observed.result, options);
    case 'set':
      return judgeSetResult(expected.items, observed.result);
    case 'action':
      return judgeActionResult(expected, observed.result, options);
    case 'model':
      return typeof observed.result === 'object' &&
        observed.result !== null &&
        !Array.isArray(observed.result)
        ? []
        : [
            violation(
              'EDP-RPC-6',
              'get_model result: the model document (an object)',
              describeJsonKind(observed.result),
            ),
          ];
  }
}

function judgeEnvelopeError(
  expected: Extract<ExpectedResponse, { kind: 'envelope-error' }>,
  observed: ObservedResponse,
): Violation[] {
  const want = `envelope error ${describeCode(expected.code)} with id ${expected.id ?? 'null'} (${expected.why})`;
  if (observed.kind === 'response') {
    return [violation('EDP-RPC-4', want, `a result: ${truncate(JSON.stringify(observed.result))}`)];
  }
  const problems: string[] = [];
  if (observed.error.code !== expected.code) problems.push(`code ${describeCode(observed.error.code)}`);
  if (observed.id !== expected.id) problems.push(`id ${observed.id ?? 'null'}`);
  return problems.length === 0 ? [] : [violation('EDP-RPC-4', want, problems.join(', '))];
}

function ruleForUnexpectedError(expected: Exclude<ExpectedResponse, { kind: 'envelope-error' }>): RuleId {
  switch (expected.kind) {
    case 'get':
      return expected.items.every((i) => i.code === 0) ? 'EDP-PROP-1' : 'EDP-PROP-2';
    case 'set':
      return expected.items.every((i) => i.code === 0) ? 'EDP-PROP-3' : 'EDP-PROP-4';
    case 'action':
      return expected.code === 0 ? 'EDP-ACT-1' : 'EDP-ACT-2';
    case 'model':
      return 'EDP-RPC-1';
  }
}

export function describeExpected(expected: ExpectedResponse): string {
  switch (expected.kind) {
    case 'get':
    case 'set':
      return `a result with items ${expected.items.map((i) => `${i.label}: ${describeCode(i.code)}`).join(', ')}`;
    case 'action':
      return `a result with code ${describeCode(expected.code)} for ${expected.label}`;
    case 'model':
      return 'the model document';
    case 'envelope-error':
      return `envelope error ${describeCode(expected.code)}`;
  }
}
