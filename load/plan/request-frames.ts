/**
 * Request frames written without building objects (pino's approach: the hot path is
 * precomputed). For each model's traffic, every `{"id":…` frame the schedule can send is a
 * fixed text around the id and, for writes and actions, the JSON texts of the drawn values,
 * looked up in tables made once. The draws are the same as `requestBody`'s, in the same
 * order, so a frame is byte for byte `JSON.stringify({ id, method, params })` of the body
 * `requestBody` would make from the same stream (load/plan/plan.test.ts proves it): the
 * devices see exactly the requests of the plan, only cheaper to write.
 */

import type { Random } from '../../src/index.js';
import type { PropertySpec } from '../../src/model/index.js';
import { type ModelTraffic, type RequestKind, requestBody } from './requests.js';
import { gridSize, valueAt } from './values.js';

/** Grids up to this many values have every value's JSON text precomputed. */
const TABLE_LIMIT = 4096;

export type RequestMethod = 'get_properties' | 'set_properties' | 'action';

/** A value slot of a frame: draws an index on the property's grid and gives its JSON text. */
interface ValueText {
  /** The largest index `randomValue` draws (its `random.int(0, top)`). */
  readonly top: number;
  readonly table: readonly string[] | undefined;
  readonly spec: PropertySpec;
}

export interface CompiledTraffic {
  /** The method a request of `kind` becomes for this model (a kind it cannot serve becomes a read). */
  methodOf(kind: RequestKind): RequestMethod;
  /** The frame of request `id` of `kind`, drawing from `random` exactly as `requestBody` does. */
  frame(kind: RequestKind, random: Random, id: number): string;
}

export function compileTraffic(traffic: ModelTraffic): CompiledTraffic {
  const specs = [...traffic.writable.map((w) => w.spec), ...traffic.actions.flatMap((a) => a.inSpecs)];
  // A value list that is empty (not a valid model, but not ours to judge) has no text: the
  // frame is then built the plain way, which drops the member as JSON.stringify does.
  if (specs.some((spec) => spec.values !== undefined && spec.values.length === 0))
    return plainTraffic(traffic);
  const reads = traffic.readable.map(
    (r) => `,"method":"get_properties","params":[{"siid":${r.siid},"piid":${r.piid}}]}`,
  );
  const writes = traffic.writable.map((w) => ({
    head: `,"method":"set_properties","params":[{"siid":${w.siid},"piid":${w.piid},"value":`,
    value: valueText(w.spec),
  }));
  const actions = traffic.actions.map((a) => ({
    head: `,"method":"action","params":{"siid":${a.siid},"aiid":${a.aiid},"in":[`,
    items: a.inSpecs.map((spec, i) => ({
      head: `${i > 0 ? ',' : ''}{"piid":${spec.piid},"value":`,
      value: valueText(spec),
    })),
  }));
  const canWrite = writes.length > 0;
  const canAct = actions.length > 0;
  return {
    methodOf: (kind) =>
      kind === 'set' && canWrite
        ? 'set_properties'
        : kind === 'action' && canAct
          ? 'action'
          : 'get_properties',
    frame(kind, random, id) {
      if (kind === 'set' && canWrite) {
        const write = writes[random.int(0, writes.length - 1)] as (typeof writes)[number];
        return `{"id":${id}${write.head}${drawText(write.value, random)}}]}`;
      }
      if (kind === 'action' && canAct) {
        const action = actions[random.int(0, actions.length - 1)] as (typeof actions)[number];
        let text = `{"id":${id}${action.head}`;
        for (const item of action.items) text += `${item.head}${drawText(item.value, random)}}`;
        return `${text}]}}`;
      }
      return `{"id":${id}${reads[random.int(0, reads.length - 1)] as string}`;
    },
  };
}

function valueText(spec: PropertySpec): ValueText {
  const size = gridSize(spec);
  const top = Math.max(0, Math.min(size, 2 ** 31) - 1);
  const table =
    top < TABLE_LIMIT
      ? Array.from({ length: top + 1 }, (_, i) => JSON.stringify(valueAt(spec, i)))
      : undefined;
  return { top, table, spec };
}

/** `randomValue(spec, random)`'s draw, as JSON text. */
function drawText(value: ValueText, random: Random): string {
  const index = random.int(0, value.top);
  return value.table ? (value.table[index] as string) : JSON.stringify(valueAt(value.spec, index));
}

/** The plain way: build the body, then encode it. */
function plainTraffic(traffic: ModelTraffic): CompiledTraffic {
  return {
    methodOf: (kind) =>
      kind === 'set' && traffic.writable.length > 0
        ? 'set_properties'
        : kind === 'action' && traffic.actions.length > 0
          ? 'action'
          : 'get_properties',
    frame(kind, random, id) {
      const body = requestBody(kind, traffic, random);
      return JSON.stringify({ id, method: body.method, params: body.params });
    },
  };
}
