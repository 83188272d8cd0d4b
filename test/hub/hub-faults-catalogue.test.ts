/**
 * Every planted hub fault of the catalogue (`fleetcert hub --fault NAME`) has a test in
 * hub-faults-*.test.ts showing what it does, and docs/faults.md lists each with the rule it breaks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HUB_FAULT_CATALOGUE } from '../../simulators/hub/index.js';

/** The files of this folder that plant hub faults, read as text. */
function faultTests(): string {
  const folder = new URL('./', import.meta.url);
  return readdirSync(folder)
    .filter((name) => /^hub-faults-.+\.test\.ts$/.test(name) && !name.endsWith('-catalogue.test.ts'))
    .map((name) => readFileSync(new URL(name, folder), 'utf8'))
    .join('\n');
}

describe('planted hub faults (docs/faults.md, hub section)', () => {
  it('covers every fault of the catalogue, and docs/faults.md lists each with its rule', () => {
    const tested = faultTests();
    const docs = readFileSync(new URL('../../docs/faults.md', import.meta.url), 'utf8');
    const hubSection = docs.slice(docs.indexOf('## Hub faults'));
    expect(HUB_FAULT_CATALOGUE.length).toBeGreaterThanOrEqual(12);
    for (const { name, breaks } of HUB_FAULT_CATALOGUE) {
      expect(tested, `a test plants ${name}`).toMatch(new RegExp(`withFault\\(\\s*'${name}'`));
      const start = hubSection.indexOf(`### \`${name}\``);
      expect(start, `docs/faults.md has a hub entry for ${name}`).toBeGreaterThanOrEqual(0);
      const next = hubSection.indexOf('\n### ', start + 4);
      expect(hubSection.slice(start, next === -1 ? undefined : next)).toContain(`Breaks: ${breaks}`);
    }
  });
});
