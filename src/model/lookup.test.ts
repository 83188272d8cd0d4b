import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceModel } from '../../test/support/src/model/device-model.arbitrary.js';
import { allProperties, findAction, findEvent, findProperty, findService, hasAccess } from './lookup.js';

describe('model look-ups', () => {
  it('find every declared item by its address and nothing else', () => {
    fc.assert(
      fc.property(deviceModel(), fc.integer({ min: 1, max: 65535 }), (model, probe) => {
        for (const service of model.services) {
          expect(findService(model, service.siid)).toBe(service);
          for (const p of service.properties) expect(findProperty(model, service.siid, p.piid)).toBe(p);
          for (const a of service.actions) expect(findAction(model, service.siid, a.aiid)).toBe(a);
          for (const e of service.events) expect(findEvent(model, service.siid, e.eiid)).toBe(e);
          const declared = service.properties.some((p) => p.piid === probe);
          expect(findProperty(model, service.siid, probe) !== undefined).toBe(declared);
        }
        const siids = new Set(model.services.map((s) => s.siid));
        expect(findService(model, probe) !== undefined).toBe(siids.has(probe));
      }),
      { numRuns: 100 },
    );
  });

  it('allProperties yields every property once, in document order, with its service', () => {
    fc.assert(
      fc.property(deviceModel(), (model) => {
        const listed = [...allProperties(model)];
        expect(listed.map(({ property }) => property)).toEqual(model.services.flatMap((s) => s.properties));
        for (const { service, property } of listed) expect(service.properties).toContain(property);
      }),
      { numRuns: 50 },
    );
  });

  it('hasAccess reads the access list', () => {
    expect(hasAccess({ access: ['read', 'notify'] }, 'read')).toBe(true);
    expect(hasAccess({ access: ['read', 'notify'] }, 'write')).toBe(false);
  });
});
