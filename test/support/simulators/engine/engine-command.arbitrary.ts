/**
 * fast-check arbitrary of commands a controller (or the device itself) may put to an engine
 * running `model`: reads and writes with good, bad and missing values and unknown ids,
 * actions with valid and broken `in`, repeats of the last id, garbage frames, volatile
 * readings and the passing of time. For model-based tests over random models.
 */
import fc from 'fast-check';
import { allProperties, findProperty } from '../../../../src/model/lookup.js';
import type { DeviceModel, PropertySpec } from '../../../../src/model/types.js';
import { invalidValue, validValue } from '../../src/model/index.js';

export type EngineCommand =
  | { readonly kind: 'get'; readonly params: readonly Record<string, unknown>[] }
  | { readonly kind: 'set'; readonly params: readonly Record<string, unknown>[] }
  | { readonly kind: 'action'; readonly params: Record<string, unknown> }
  | { readonly kind: 'repeat' }
  | { readonly kind: 'garbage'; readonly frame: string }
  | { readonly kind: 'self'; readonly siid: number; readonly piid: number; readonly value: unknown }
  | { readonly kind: 'advance'; readonly ms: number };

interface Target {
  readonly siid: number;
  readonly spec: PropertySpec;
}

export function engineCommand(model: DeviceModel): fc.Arbitrary<EngineCommand> {
  const targets: Target[] = [...allProperties(model)].map(({ service, property }) => ({
    siid: service.siid,
    spec: property,
  }));
  const target = fc.constantFrom(...targets);
  const unknownId = fc.record({
    siid: fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constantFrom<unknown>('2', null, 1.5, undefined)),
    piid: fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constantFrom<unknown>('1', true, undefined)),
  });
  const getItem = fc.oneof(
    { weight: 5, arbitrary: target.map((t) => ({ siid: t.siid, piid: t.spec.piid })) },
    { weight: 1, arbitrary: unknownId },
  );
  const setItem = fc.oneof(
    {
      weight: 5,
      arbitrary: target.chain((t) =>
        fc.oneof(
          {
            weight: 3,
            arbitrary: validValue(t.spec).map((value) => ({ siid: t.siid, piid: t.spec.piid, value })),
          },
          {
            weight: 2,
            arbitrary: invalidValue(t.spec).map((value) => ({ siid: t.siid, piid: t.spec.piid, value })),
          },
          { weight: 1, arbitrary: fc.constant({ siid: t.siid, piid: t.spec.piid }) },
        ),
      ),
    },
    { weight: 1, arbitrary: fc.tuple(unknownId, fc.jsonValue()).map(([id, value]) => ({ ...id, value })) },
  );
  const commands: fc.WeightedArbitrary<EngineCommand>[] = [
    {
      weight: 3,
      arbitrary: fc
        .array(getItem, { minLength: 1, maxLength: 16 })
        .map((params) => ({ kind: 'get', params })),
    },
    {
      weight: 5,
      arbitrary: fc
        .array(setItem, { minLength: 1, maxLength: 16 })
        .map((params) => ({ kind: 'set', params })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'repeat' }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{',
          '[]',
          '{"id":0}',
          '{"id":2000000000,"method":"x"}',
          '{"method":"get_model"}',
          'null',
        )
        .map((frame) => ({ kind: 'garbage', frame })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 90_000 }).map((ms) => ({ kind: 'advance', ms })) },
  ];
  const volatile = targets.filter((t) => t.spec.volatile === true);
  if (volatile.length > 0) {
    commands.push({
      weight: 1,
      arbitrary: fc
        .constantFrom(...volatile)
        .chain((t) =>
          validValue(t.spec).map((value) => ({ kind: 'self', siid: t.siid, piid: t.spec.piid, value })),
        ),
    });
  }
  const actions = model.services.flatMap((service) =>
    service.actions.map((spec) => ({ siid: service.siid, spec })),
  );
  if (actions.length > 0) {
    commands.push({
      weight: 4,
      arbitrary: fc.constantFrom(...actions).chain(({ siid, spec }) => {
        const specs = spec.in.map((piid) => findProperty(model, siid, piid)!);
        const valid = fc
          .tuple(...specs.map((s) => validValue(s)))
          .map((values) => values.map((value, i) => ({ piid: spec.in[i], value })));
        const broken = fc.oneof(
          fc.constantFrom<unknown>('x', 7, {}, null),
          valid.map((items) => [...items, { piid: spec.in[0] ?? 1, value: 0 }]),
          ...(specs.length > 0
            ? [
                valid.map((items) => items.slice(1)),
                fc
                  .tuple(valid, invalidValue(specs[0]!))
                  .map(([items, bad]) => [{ piid: spec.in[0], value: bad }, ...items.slice(1)]),
                valid.map((items) => [{ ...items[0], piid: (spec.in[0] ?? 0) + 1 }, ...items.slice(1)]),
              ]
            : []),
        );
        const input = fc.oneof(
          { weight: 4, arbitrary: valid as fc.Arbitrary<unknown> },
          { weight: 1, arbitrary: specs.length === 0 ? fc.constant(undefined) : valid },
          { weight: 2, arbitrary: broken },
        );
        const aiid = fc.oneof(
          { weight: 6, arbitrary: fc.constant<unknown>(spec.aiid) },
          { weight: 1, arbitrary: fc.constantFrom<unknown>(0, '1', 65_536) },
        );
        return fc.tuple(aiid, input).map(
          ([a, given]): EngineCommand => ({
            kind: 'action',
            params: given === undefined ? { siid, aiid: a } : { siid, aiid: a, in: given },
          }),
        );
      }),
    });
  }
  return fc.oneof(...commands);
}

export function describeCommand(command: EngineCommand): string {
  return JSON.stringify(command);
}
