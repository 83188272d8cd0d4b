import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPublish, checkSubscribe } from './acl.js';
import { type Principal, principalFor } from './principal.js';

const deviceIdArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,12}$/);
const controllerNameArb = fc.stringMatching(/^[A-Za-z0-9._-]{1,10}$/);
/** `@id` stands for the principal's own device id, so generated topics often land in its tree. */
const OWN = '@id';
const levelArb = fc.oneof(
  fc.constantFrom(
    'edp',
    '1',
    '2',
    'state',
    'model',
    'rpc',
    'reply',
    'events',
    '+',
    '#',
    '',
    '$SYS',
    'bulb-0001',
    OWN,
  ),
  deviceIdArb,
  fc.string({ maxLength: 6 }),
);
const kindLevelsArb = fc.constantFrom(
  'state',
  'model',
  'rpc',
  'rpc/reply',
  'rpc/+',
  'rpc/#',
  '+',
  '#',
  'events',
  'x',
);
/** Topic filters: near-valid ones (`edp/1/ID/KIND`), level soup that matters to the ACL, and junk. */
const filterArb = fc.oneof(
  fc
    .tuple(fc.oneof(deviceIdArb, fc.constantFrom('+', '#', OWN)), kindLevelsArb)
    .map(([id, kind]) => `edp/1/${id}/${kind}`),
  fc.array(levelArb, { minLength: 1, maxLength: 6 }).map((levels) => levels.join('/')),
  fc.string({ maxLength: 30 }),
);
const concreteLevelArb = fc.oneof(
  fc.constantFrom('edp', '1', 'state', 'model', 'rpc', 'reply', 'events', 'x', OWN),
  deviceIdArb,
);
const topicArb = fc.oneof(
  fc
    .tuple(
      fc.oneof(deviceIdArb, fc.constant(OWN)),
      fc.constantFrom('state', 'model', 'rpc', 'rpc/reply', 'events', 'x', 'rpc/x'),
    )
    .map(([id, kind]) => `edp/1/${id}/${kind}`),
  fc.array(concreteLevelArb, { minLength: 1, maxLength: 6 }).map((levels) => levels.join('/')),
);
/** A filter that matches `topic`: some levels turned into `+`, maybe a `#` tail. */
function filterMatching(topic: string): fc.Arbitrary<string> {
  const levels = topic.split('/');
  const n = levels.length;
  const wildArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n });
  return fc.tuple(wildArb, fc.oneof(fc.constant(n), fc.integer({ min: 0, max: n }))).map(([wild, cut]) => {
    const kept = levels.slice(0, cut).map((level, i) => (wild[i] === 0 ? '+' : level));
    return (cut < n ? [...kept, '#'] : kept).join('/');
  });
}
/** A topic and a filter, the filter often matching the topic. */
const topicAndFilterArb = topicArb.chain((topic) =>
  fc.tuple(fc.constant(topic), fc.oneof(filterArb, filterMatching(topic))),
);
const own = (text: string, id: string) => text.split(OWN).join(id);

const CONTROLLER_KINDS = new Set(['state', 'model', 'rpc/reply', 'events']);
const DEVICE_ID = /^[a-z0-9][a-z0-9-]{2,63}$/;

/** MQTT 3.1.1 section 4.7 matching, written independently of the ACL. */
function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** What a controller may receive: a device's state, model, rpc/reply or events. */
function controllerMayRead(topic: string): boolean {
  const levels = topic.split('/');
  return (
    levels[0] === 'edp' &&
    levels[1] === '1' &&
    DEVICE_ID.test(levels[2] ?? '') &&
    CONTROLLER_KINDS.has(levels.slice(3).join('/'))
  );
}

function device(id: string): Principal {
  const principal = principalFor(id);
  if (principal?.kind !== 'device') throw new Error(`not a device id: ${id}`);
  return principal;
}
function controller(name: string): Principal {
  const principal = principalFor(`controller:${name}`);
  if (principal?.kind !== 'controller') throw new Error(`not a controller name: ${name}`);
  return principal;
}

describe('device ACL (EDP-MQTT-3)', () => {
  it('EDP-MQTT-3: a device may publish exactly the topics under its own edp/1/{id}/', () => {
    fc.assert(
      fc.property(deviceIdArb, topicArb, (id, template) => {
        const topic = own(template, id);
        const decision = checkPublish(device(id), topic);
        expect(decision.allowed).toBe(topic.startsWith(`edp/1/${id}/`));
        if (!decision.allowed) {
          expect(decision.rule).toBe('EDP-MQTT-3');
          expect(decision.reason).toContain(id);
        }
      }),
    );
  });

  it("EDP-MQTT-3: a device publishing to another device's topics is refused", () => {
    fc.assert(
      fc.property(
        deviceIdArb,
        deviceIdArb,
        fc.constantFrom('state', 'model', 'rpc', 'rpc/reply', 'events'),
        (a, b, kind) => {
          fc.pre(a !== b);
          const decision = checkPublish(device(a), `edp/1/${b}/${kind}`);
          expect(decision).toMatchObject({ allowed: false, rule: 'EDP-MQTT-3' });
        },
      ),
    );
  });

  it('EDP-MQTT-3: every topic an allowed device filter matches lies in its own tree', () => {
    let exercised = 0;
    fc.assert(
      fc.property(deviceIdArb, topicAndFilterArb, (id, [topicTemplate, filterTemplate]) => {
        const filter = own(filterTemplate, id);
        const topic = own(topicTemplate, id);
        if (!checkSubscribe(device(id), filter).allowed || !matches(filter, topic)) return;
        exercised++;
        expect(topic === `edp/1/${id}` || topic.startsWith(`edp/1/${id}/`)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
    expect(exercised).toBeGreaterThan(20);
  });

  it('lets a device subscribe to its own rpc, and refuses wildcards over other devices', () => {
    const bulb = device('bulb-0001');
    expect(checkSubscribe(bulb, 'edp/1/bulb-0001/rpc').allowed).toBe(true);
    expect(checkSubscribe(bulb, 'edp/1/bulb-0001/#').allowed).toBe(true);
    for (const filter of [
      'edp/1/+/rpc',
      '#',
      'edp/#',
      'edp/1/bulb-0002/rpc',
      '+/1/bulb-0001/rpc',
      '$SYS/#',
    ]) {
      expect(checkSubscribe(bulb, filter)).toMatchObject({ allowed: false, rule: 'EDP-MQTT-3' });
    }
  });
});

describe('controller ACL (PROTOCOL.md section 5)', () => {
  it('may publish to any device rpc and nothing else', () => {
    fc.assert(
      fc.property(controllerNameArb, topicArb, (name, template) => {
        const topic = own(template, 'bulb-0001');
        const levels = topic.split('/');
        const isRpc =
          levels.length === 4 &&
          levels[0] === 'edp' &&
          levels[1] === '1' &&
          DEVICE_ID.test(levels[2] ?? '') &&
          levels[3] === 'rpc';
        const decision = checkPublish(controller(name), topic);
        expect(decision.allowed).toBe(isRpc);
        if (!decision.allowed) expect(decision.rule).toBeUndefined();
      }),
    );
  });

  it('every topic an allowed controller filter matches is a state, model, rpc/reply or events topic', () => {
    let exercised = 0;
    fc.assert(
      fc.property(controllerNameArb, topicAndFilterArb, (name, [topicTemplate, filterTemplate]) => {
        const filter = own(filterTemplate, 'tv-0001');
        const topic = own(topicTemplate, 'tv-0001');
        if (!checkSubscribe(controller(name), filter).allowed || !matches(filter, topic)) return;
        exercised++;
        expect(controllerMayRead(topic)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
    expect(exercised).toBeGreaterThan(20);
  });

  it('may subscribe to each of the four kinds for one device or for + (all devices)', () => {
    fc.assert(
      fc.property(
        controllerNameArb,
        fc.oneof(deviceIdArb, fc.constant('+')),
        fc.constantFrom('state', 'model', 'rpc/reply', 'events'),
        (name, id, kind) => {
          expect(checkSubscribe(controller(name), `edp/1/${id}/${kind}`).allowed).toBe(true);
        },
      ),
    );
  });

  it('refuses filters that could reach rpc requests or anything outside edp/1', () => {
    const hub = controller('hub');
    for (const filter of [
      '#',
      'edp/1/+/#',
      'edp/1/+/+',
      'edp/1/+/rpc',
      'edp/1/bulb-0001/rpc',
      'edp/1/+/rpc/+',
      'other/topic',
    ]) {
      const decision = checkSubscribe(hub, filter);
      expect(decision.allowed, filter).toBe(false);
    }
  });
});
