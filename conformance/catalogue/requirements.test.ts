import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEVICE_REQUIREMENTS } from './device-requirements.js';
import { HUB_REQUIREMENTS } from './hub-requirements.js';
import { applicability, REQUIREMENTS, requirementsFor } from './requirements.js';
import { RULE_IDS } from './rule-ids.js';

const doc = readFileSync(fileURLToPath(new URL('../../docs/protocol.md', import.meta.url)), 'utf8');

describe('requirement catalogue', () => {
  it('has one entry per device rule of the protocol guide, sections 4 to 6 and 9, in protocol order', () => {
    const ids = [...new Set(doc.match(/EDP-(RPC|PROP|ACT|NOTIFY|MQTT|WS|TLS)-\d+/g) ?? [])].sort();
    expect(DEVICE_REQUIREMENTS.map((r) => r.id).sort()).toEqual(ids);
    expect(requirementsFor('device')).toBe(DEVICE_REQUIREMENTS);
  });
  it('has one entry per hub rule of section 8, and lists every rule id once, in the id list order', () => {
    expect(HUB_REQUIREMENTS.map((r) => r.id)).toEqual([
      'EDP-HUB-1',
      'EDP-HUB-2',
      'EDP-HUB-3',
      'EDP-HUB-4',
      'EDP-HUB-5',
    ]);
    expect(requirementsFor('hub')).toBe(HUB_REQUIREMENTS);
    expect(REQUIREMENTS.map((r) => r.id)).toEqual([...RULE_IDS]);
  });
  it('says, for every mode a rule cannot fully run in, why', () => {
    for (const r of REQUIREMENTS) {
      expect(r.statement.length).toBeGreaterThan(20);
      for (const mode of ['listen', 'broker', 'ws', 'hub-command', 'hub-url'] as const) {
        const a = applicability(r, mode);
        if (a.run !== 'full') expect(a.reason.length).toBeGreaterThan(20);
      }
      expect(r.kind === 'model-based' ? r.bindings : ['x']).not.toEqual([]);
    }
  });
  it('runs binding rules only where the binding is, and each subject’s rules only for that subject', () => {
    for (const r of DEVICE_REQUIREMENTS.filter((x) => x.id.startsWith('EDP-WS')))
      expect(r.modes.listen.run).toBe('none');
    for (const r of DEVICE_REQUIREMENTS.filter((x) => x.id.startsWith('EDP-MQTT')))
      expect(r.modes.ws.run).toBe('none');
    for (const r of DEVICE_REQUIREMENTS) {
      expect(applicability(r, 'hub-command')).toMatchObject({
        run: 'none',
        reason: expect.stringContaining('hub'),
      });
      expect(applicability(r, 'hub-url').run).toBe('none');
    }
    for (const r of HUB_REQUIREMENTS)
      for (const mode of ['listen', 'broker', 'ws'] as const)
        expect(applicability(r, mode)).toMatchObject({
          run: 'none',
          reason: expect.stringContaining('section 8'),
        });
  });
});
