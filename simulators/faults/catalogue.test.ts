/** The catalogue covers every fault name once, with a rule ID, and docs/faults.md documents each. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE, findFault, isFaultName } from './catalogue.js';
import { BINDING_FAULT_NAMES, ENGINE_FAULT_NAMES } from './types.js';

const docs = readFileSync(new URL('../../docs/faults.md', import.meta.url), 'utf8');

describe('fault catalogue', () => {
  it('has exactly one definition per name, in the right layer', () => {
    expect(FAULT_CATALOGUE.map((d) => d.name).sort()).toEqual(
      [...ENGINE_FAULT_NAMES, ...BINDING_FAULT_NAMES].sort(),
    );
    for (const name of ENGINE_FAULT_NAMES) expect(findFault(name)?.layer).toBe('engine');
    for (const name of BINDING_FAULT_NAMES) expect(findFault(name)?.layer).toBe('binding');
    expect(isFaultName('drop-replys')).toBe(false);
  });

  it('names a rule of PROTOCOL.md sections 4–6 or 9 for every fault', () => {
    for (const d of FAULT_CATALOGUE) {
      expect(d.breaks).toMatch(/^EDP-(RPC|PROP|ACT|NOTIFY|MQTT|WS|TLS)-\d$/);
      expect(d.description.length).toBeGreaterThan(20);
    }
  });

  it('plants at least 20 distinct protocol bugs', () => {
    expect(FAULT_CATALOGUE.length).toBeGreaterThanOrEqual(20);
  });

  it.each(FAULT_CATALOGUE.map((d) => [d.name, d] as const))('docs/faults.md documents %s', (name, d) => {
    const heading = docs.indexOf(`### \`${name}\``);
    expect(heading).toBeGreaterThanOrEqual(0);
    const section = docs.slice(heading, docs.indexOf('\n### ', heading + 1) >>> 0);
    expect(section).toContain(d.breaks);
    expect(section).toContain(`Layer: ${d.layer}`);
    expect(section).toContain(`--fault ${name}`);
  });
});
