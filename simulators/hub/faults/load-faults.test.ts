/**
 * The planted load faults: when they fire (exactly one opportunity in 50, the first at a place
 * drawn from the seed, the same places for the same seed), that `--fault` takes them, that
 * certification's catalogue does not hold them, and that docs/faults.md lists each with its rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_HUB_FAULTS, HUB_FAULT_CATALOGUE, HUB_LOAD_FAULT_CATALOGUE } from './catalogue.js';
import { LOAD_FAULT_EVERY, NowAndThen } from './now-and-then.js';
import { parseHubFaults } from './parse.js';
import { HUB_LOAD_FAULT_NAMES } from './types.js';

const firing = (seed: number, salt: number, n: number) => {
  const gate = new NowAndThen(seed, salt);
  return Array.from({ length: n }, (_, i) => i).filter(() => gate.fire());
};

describe('planted load faults', () => {
  it('fire on exactly one opportunity in 50, at places fixed by the seed', () => {
    for (const seed of [1, 2, 3, 20260113]) {
      const fired = firing(seed, 1, 1000);
      expect(fired).toHaveLength(1000 / LOAD_FAULT_EVERY);
      expect(fired[0]).toBeLessThan(LOAD_FAULT_EVERY);
      for (let i = 1; i < fired.length; i++) expect(fired[i]! - fired[i - 1]!).toBe(LOAD_FAULT_EVERY);
      expect(firing(seed, 1, 1000)).toEqual(fired);
    }
    // Seeds (and the two faults of one seed) start at different places.
    const firsts = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => firing(seed, 1, 50)[0]));
    expect(firsts.size).toBeGreaterThan(4);
    expect(firing(9, 1, 50)).toHaveLength(1);
  });

  it('are taken by --fault, kept out of the certification catalogue, and documented with their rule', () => {
    expect(HUB_LOAD_FAULT_CATALOGUE.map((f) => f.name)).toEqual([...HUB_LOAD_FAULT_NAMES]);
    expect(ALL_HUB_FAULTS).toHaveLength(HUB_FAULT_CATALOGUE.length + HUB_LOAD_FAULT_CATALOGUE.length);
    const docs = readFileSync(new URL('../../../docs/faults.md', import.meta.url), 'utf8');
    const section = docs.slice(docs.indexOf('## Hub load faults'));
    expect(section.length).toBeLessThan(docs.length);
    for (const { name, breaks, loadOnly, description } of HUB_LOAD_FAULT_CATALOGUE) {
      expect(loadOnly).toBe(true);
      expect(HUB_FAULT_CATALOGUE.some((f) => f.name === name)).toBe(false);
      expect(parseHubFaults([name]).has(name)).toBe(true);
      const start = section.indexOf(`### \`${name}\``);
      expect(start, `docs/faults.md has a load entry for ${name}`).toBeGreaterThanOrEqual(0);
      const next = section.indexOf('\n### ', start + 4);
      const entry = section.slice(start, next === -1 ? undefined : next);
      expect(entry).toContain(`Breaks: ${breaks}`);
      expect(entry).toContain(description);
      expect(section).toMatch(new RegExp(`\\| \`${name}\` \\| ${breaks} \\|`));
    }
    for (const { loadOnly } of HUB_FAULT_CATALOGUE) expect(loadOnly).toBeUndefined();
  });
});
