/**
 * `certify --list --model`: whether a device rule has anything to check in a model, and what
 * it will use. Two reference models of different shape (a bulb: unguarded actions, no events;
 * a TV: guarded actions with `in`, an event), a model with no actions, events or notify
 * properties, and every valid model the model arbitrary makes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';
import { deviceModel } from '../../test/support/src/model/device-model.arbitrary.js';
import { combineApplicability, modelApplicability } from './model-applicability.js';
import { requirementsFor } from './requirements.js';
import type { RuleId } from './rule-ids.js';

const load = async (name: string) => (await loadModelFile(`fixtures/models/${name}.json`)).model;

/** Service 1 only (device information) plus one read-only reading: nothing to write, call or hear. */
const SENSOR: DeviceModel = {
  edp: 1,
  type: 'sensor',
  model: 'test.sensor.v1',
  services: [
    {
      siid: 1,
      name: 'device-information',
      properties: ['manufacturer', 'model', 'serial-number', 'firmware-revision'].map((name, i) => ({
        piid: i + 1,
        name,
        format: 'string' as const,
        access: ['read' as const],
      })),
      actions: [],
      events: [],
    },
    {
      siid: 2,
      name: 'meter',
      properties: [{ piid: 1, name: 'level', format: 'uint8', access: ['read'], range: [0, 100, 1] }],
      actions: [],
      events: [],
    },
  ],
};

describe('modelApplicability', () => {
  it('a bulb and a TV: the same rules, different answers where their shapes differ', async () => {
    const bulb = await load('bulb');
    const tv = await load('tv');
    // The bulb declares no events; the TV's app-launched event has an argument.
    expect(modelApplicability('EDP-NOTIFY-3', bulb)?.applicability).toEqual({
      run: 'none',
      reason: 'the model declares no events',
    });
    expect(modelApplicability('EDP-NOTIFY-3', tv)).toEqual({
      applicability: { run: 'full' },
      uses: { what: 'judges the arguments of', names: ['television.app-launched (2.1)'] },
    });
    // Guards: none on the bulb's actions, on every one of the TV's.
    expect(modelApplicability('EDP-ACT-2', bulb)?.applicability.run).toBe('partial');
    expect(modelApplicability('EDP-ACT-2', tv)?.applicability.run).toBe('full');
    expect(modelApplicability('EDP-PROP-4', bulb)?.applicability).toEqual({
      run: 'partial',
      reason: 'no guarded (`when`) property (-4007): that part is not tried',
    });
    expect(modelApplicability('EDP-PROP-4', tv)?.applicability.run).toBe('full');
    // Property rules name the properties they will use.
    expect(modelApplicability('EDP-PROP-3', bulb)?.uses).toEqual({
      what: 'writes',
      names: [
        'light.on (2.1)',
        'light.brightness (2.2)',
        'light.color-temperature (2.3)',
        'light.color (2.4)',
        'light.mode (2.5)',
      ],
    });
    expect(modelApplicability('EDP-PROP-3', tv)?.uses?.names).toContain('television.volume (2.2)');
    expect(modelApplicability('EDP-PROP-3', tv)?.uses?.names).not.toContain('television.app (2.6)');
  });

  it('a model without actions, events or notify properties: those rules are not applicable', () => {
    const judged = (rule: RuleId) => modelApplicability(rule, SENSOR)?.applicability;
    for (const rule of ['EDP-ACT-1', 'EDP-PROP-3', 'EDP-NOTIFY-1', 'EDP-NOTIFY-2', 'EDP-NOTIFY-3'] as const)
      expect(judged(rule)?.run, rule).toBe('none');
    expect(judged('EDP-ACT-1')).toEqual({ run: 'none', reason: 'the model declares no actions' });
    // Unknown actions and properties are still tried: those rules apply in part.
    expect(judged('EDP-ACT-2')?.run).toBe('partial');
    expect(judged('EDP-PROP-2')?.run).toBe('partial');
    expect(judged('EDP-PROP-4')).toEqual({
      run: 'partial',
      reason:
        'no writable property for invalid values (-4005); no guarded (`when`) property (-4007): those parts are not tried',
    });
    expect(judged('EDP-MQTT-2')?.run).toBe('partial');
    expect(judged('EDP-WS-3')?.run).toBe('partial');
    // Envelope rules do not depend on the model.
    expect(modelApplicability('EDP-RPC-1', SENSOR)).toBeUndefined();
  });

  it('for every valid model: "not applicable" exactly when the model lacks what the rule exercises, and the names are the model’s', () => {
    fc.assert(
      fc.property(deviceModel(), (model) => {
        const properties = model.services.flatMap((s) => s.properties.map((p) => ({ s, p })));
        const count = (access: 'read' | 'write' | 'notify') =>
          properties.filter(({ p }) => p.access.includes(access)).length;
        const actions = model.services.reduce((n, s) => n + s.actions.length, 0);
        const events = model.services.reduce((n, s) => n + s.events.length, 0);
        const none = (rule: RuleId) => modelApplicability(rule, model)?.applicability.run === 'none';
        expect(none('EDP-ACT-1')).toBe(actions === 0);
        expect(none('EDP-ACT-2')).toBe(false);
        expect(none('EDP-PROP-3')).toBe(count('write') === 0);
        expect(none('EDP-NOTIFY-1')).toBe(count('notify') === 0);
        expect(none('EDP-NOTIFY-3')).toBe(events === 0);
        expect(modelApplicability('EDP-PROP-1', model)?.uses?.names.length).toBe(count('read'));
        if (!none('EDP-PROP-3'))
          expect(modelApplicability('EDP-PROP-3', model)?.uses?.names.length).toBe(count('write'));
        for (const r of requirementsFor('device')) {
          const judged = modelApplicability(r.id, model);
          if (judged?.applicability.run === 'partial') expect(judged.applicability.reason).not.toBe('');
        }
      }),
      { seed: 21, numRuns: 200 },
    );
  });

  it('with a binding: the stricter verdict wins and both reasons are kept', () => {
    const none = { run: 'none', reason: 'a WebSocket binding rule' } as const;
    const part = (reason: string) => ({ run: 'partial', reason }) as const;
    expect(combineApplicability(none, part('x'))).toBe(none);
    expect(combineApplicability({ run: 'full' }, { run: 'none', reason: 'no actions' })).toEqual({
      run: 'none',
      reason: 'no actions',
    });
    expect(combineApplicability(part('binding'), part('model'))).toEqual(part('binding; model'));
    expect(combineApplicability({ run: 'full' }, { run: 'full' })).toEqual({ run: 'full' });
  });
});
