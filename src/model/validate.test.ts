import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceModel } from '../../test/support/src/model/device-model.arbitrary.js';
import { modelSha256 } from './hash.js';
import type { DeviceModel } from './types.js';
import { formatProblem, validateModel } from './validate.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/models', name), 'utf8'));
// biome-ignore lint/suspicious/noExplicitAny: tests edit documents freely
const problemsOf = (doc: any) => {
  const result = validateModel(doc);
  return result.ok ? [] : result.problems;
};

describe('validateModel on valid models', () => {
  it('accepts every generated model, as an object and after a JSON round trip', () => {
    fc.assert(
      fc.property(deviceModel(), (model) => {
        expect(problemsOf(model)).toEqual([]);
        expect(problemsOf(JSON.parse(JSON.stringify(model)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('returns the model normalised: equal to a generated (already complete) model, frozen, a copy', () => {
    fc.assert(
      fc.property(deviceModel({ maxServices: 2 }), (model) => {
        const result = validateModel(model);
        if (!result.ok) throw new Error('generated model rejected');
        expect(result.model).toEqual(model);
        expect(result.model).not.toBe(model);
        expect(Object.isFrozen(result.model.services[0]?.properties)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('fills in omitted properties, actions, events, in, out, effects and arguments as empty', () => {
    const doc = fixture('bulb.json');
    doc.services.push({
      siid: 9,
      name: 'bare',
      properties: [{ piid: 1, name: 'x', format: 'bool', access: ['read'] }],
      actions: [{ aiid: 1, name: 'noop' }],
      events: [{ eiid: 1, name: 'ping' }],
    });
    const result = validateModel(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const bare = result.model.services.find((s) => s.siid === 9);
    expect(bare?.actions[0]).toMatchObject({ in: [], out: [], effects: [] });
    expect(bare?.events[0]?.arguments).toEqual([]);
    const info = result.model.services.find((s) => s.siid === 1);
    expect(info?.actions).toEqual([]);
    expect(doc.services[0].actions).toBeUndefined(); // the input is left alone
  });

  it('ignores and keeps unknown keys', () => {
    const doc = fixture('tv.json');
    doc.notes = { anything: [1, 2] };
    doc.services[1].properties[0].unit = 'none';
    const result = validateModel(doc);
    expect(result.ok && (result.model as unknown as { notes: unknown }).notes).toEqual({ anything: [1, 2] });
  });
});

describe('validateModel never throws (EDP-MODEL-1)', () => {
  it('answers any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const result = validateModel(json);
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('answers model-shaped documents with arbitrary members', () => {
    const anyMember = fc.anything({ maxDepth: 2 });
    const shaped = fc.record({
      edp: fc.oneof(fc.constant(1), anyMember),
      type: anyMember,
      model: anyMember,
      services: fc.array(
        fc.record({
          siid: fc.oneof(fc.integer(), anyMember),
          name: anyMember,
          properties: fc.oneof(
            fc.array(
              fc.dictionary(
                fc.constantFrom('piid', 'format', 'access', 'range', 'values', 'when', 'maxLength'),
                anyMember,
              ),
            ),
            anyMember,
          ),
          actions: fc.oneof(
            fc.array(fc.dictionary(fc.constantFrom('aiid', 'in', 'out', 'effects', 'when'), anyMember)),
            anyMember,
          ),
          events: fc.oneof(
            fc.array(fc.dictionary(fc.constantFrom('eiid', 'arguments'), anyMember)),
            anyMember,
          ),
        }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(shaped, (json) => void validateModel(json)),
      { numRuns: 500 },
    );
  });

  it('answers documents with hostile members (getters that throw, functions)', () => {
    const hostile = { edp: 1, type: 't', model: 'm', services: [] as unknown[] };
    Object.defineProperty(hostile.services, 0, {
      get: () => {
        throw new Error('boom');
      },
      enumerable: true,
    });
    expect(validateModel(hostile).ok).toBe(false);
    const withFunction = { ...fixture('bulb.json'), extra: () => 1 };
    expect(validateModel(withFunction)).toMatchObject({ ok: false, problems: [{ path: '$' }] });
  });
});

describe('decisions where PROTOCOL.md leaves room', () => {
  it('rejects a property guarded by itself', () => {
    const doc = fixture('tv.json');
    doc.services[1].properties[1].when = { piid: 2, equals: 0 };
    expect(problemsOf(doc).map(formatProblem)).toEqual([
      '$.services[1].properties[1].when.piid: a property cannot be guarded by itself (piid 2) — Guard it by another property of service 2, or remove when.',
    ]);
  });

  it('accepts set-from-in when every in value fits the target, rejects it otherwise', () => {
    const doc = fixture('tv.json');
    const tv = doc.services[1];
    tv.properties.push({
      piid: 7,
      name: 'last-channel',
      format: 'uint16',
      access: ['read'],
      range: [1, 999, 1],
    });
    tv.actions.push({
      aiid: 6,
      name: 'go',
      in: [7],
      out: [4],
      effects: [{ op: 'set', piid: 4, from: 'in', index: 0 }],
    });
    expect(problemsOf(doc)).toEqual([]);
    tv.properties[6].range = [0, 999, 1]; // 0 is no channel
    expect(problemsOf(doc).map((p) => p.path)).toEqual(['$.services[1].actions[5].effects[0]']);
    tv.properties[6].range = [2, 998, 2]; // a narrower grid is fine
    expect(problemsOf(doc)).toEqual([]);
    tv.properties[6] = { piid: 7, name: 'last-app', format: 'string', access: ['read'], maxLength: 65 };
    tv.actions[5] = { aiid: 6, name: 'go', in: [7], effects: [{ op: 'set', piid: 6, from: 'in', index: 0 }] };
    expect(problemsOf(doc)[0]?.message).toBe(
      'in[0] (property 7) may hold values property 6 cannot: the in property allows strings of 65 code points, this property only 64',
    );
  });

  it('requires the device-information names and read-only, non-volatile strings', () => {
    const doc = fixture('bulb.json');
    doc.services[0].name = 'info';
    doc.services[0].properties[3].volatile = true;
    expect(problemsOf(doc).map((p) => p.path)).toEqual([
      '$.services[0].name',
      '$.services[0].properties[3].volatile',
    ]);
  });

  it('finds service 1 wherever it is listed', () => {
    const doc = fixture('purifier.json');
    doc.services.push(doc.services.shift());
    expect(problemsOf(doc)).toEqual([]);
  });
});

describe('modelSha256', () => {
  it('does not depend on member order or spacing', () => {
    const doc = fixture('tv.json');
    const a = validateModel(JSON.parse(JSON.stringify(doc, null, 4)));
    const b = validateModel({
      services: doc.services,
      model: doc.model,
      type: doc.type,
      edp: 1,
      description: doc.description,
    });
    if (!a.ok || !b.ok) throw new Error('fixture rejected');
    expect(modelSha256(a.model)).toBe(modelSha256(b.model));
  });

  it('changes with any change of the model', () => {
    fc.assert(
      fc.property(deviceModel({ maxServices: 1 }), (model) => {
        const changed: DeviceModel = { ...model, model: `${model.model}x` };
        expect(modelSha256(changed)).not.toBe(modelSha256(model));
      }),
      { numRuns: 50 },
    );
  });
});
