import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REQUIREMENTS } from './requirements.js';
import { RULE_IDS } from './rule-ids.js';

describe('requirement catalogue', () => {
  it('has one entry per device rule of the protocol guide, sections 4 to 6, in protocol order', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/protocol.md', import.meta.url)), 'utf8');
    const ids = [...new Set(doc.match(/EDP-(RPC|PROP|ACT|NOTIFY|MQTT|WS)-\d+/g) ?? [])].sort();
    expect(REQUIREMENTS.map((r) => r.id).sort()).toEqual(ids);
    expect(REQUIREMENTS.map((r) => r.id)).toEqual([...RULE_IDS]);
  });
  it('says, for every mode a rule cannot fully run in, why', () => {
    for (const r of REQUIREMENTS) {
      expect(r.statement.length).toBeGreaterThan(20);
      for (const mode of ['listen', 'broker', 'ws'] as const) {
        const a = r.modes[mode];
        if (a.run !== 'full') expect(a.reason.length).toBeGreaterThan(20);
      }
      expect(r.kind === 'model-based' ? r.bindings : ['x']).not.toEqual([]);
    }
  });
  it('runs binding rules only where the binding is', () => {
    for (const r of REQUIREMENTS.filter((x) => x.id.startsWith('EDP-WS')))
      expect(r.modes.listen.run).toBe('none');
    for (const r of REQUIREMENTS.filter((x) => x.id.startsWith('EDP-MQTT')))
      expect(r.modes.ws.run).toBe('none');
  });
});
