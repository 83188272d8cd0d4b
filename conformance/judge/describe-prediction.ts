/**
 * A prediction in words, for trace files: what the response must be and which notifications
 * and events must follow (EDP-NOTIFY-1, EDP-ACT-1). Pure; judging never reads these texts.
 */
import { describeCode } from './describe.js';
import { describeExpectedValue } from './expected-value.js';
import type { ExpectedResponse, Prediction } from './prediction.js';

export interface PredictionText {
  readonly response: string;
  readonly notifications: readonly string[];
  readonly events: readonly string[];
}

export function describePrediction(prediction: Prediction): PredictionText {
  return {
    response: describeResponse(prediction.response),
    notifications: prediction.changes
      .filter((c) => c.property.notify)
      .map((c) => {
        const value = c.value.known ? JSON.stringify(c.value.value) : 'its new value';
        return `${c.property.label} = ${value}${c.certain ? '' : ' (if it changed)'}`;
      }),
    events: prediction.events.map(
      (e) =>
        `${e.event.label}(${e.arguments.map((a) => `${a.piid}: ${describeExpectedValue(a.value)}`).join(', ')})`,
    ),
  };
}

function describeResponse(expected: ExpectedResponse): string {
  switch (expected.kind) {
    case 'get':
      return `result [${expected.items
        .map(
          (i) =>
            `${i.label}: ${describeCode(i.code)}${i.value === undefined ? '' : ` ${describeExpectedValue(i.value)}`}`,
        )
        .join('; ')}]`;
    case 'set':
      return `result [${expected.items.map((i) => `${i.label}: ${describeCode(i.code)}`).join('; ')}]`;
    case 'action':
      return `${expected.label}: ${describeCode(expected.code)}${
        expected.out.length === 0
          ? ''
          : `, out [${expected.out.map((o) => `${o.piid}: ${describeExpectedValue(o.value)}`).join(', ')}]`
      }`;
    case 'model':
      return 'the model document';
    case 'envelope-error':
      return `envelope error ${describeCode(expected.code)} with id ${expected.id ?? 'null'} (${expected.why})`;
  }
}
