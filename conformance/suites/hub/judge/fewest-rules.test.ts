/** fewestRules: ties read so that the run breaks the fewest distinct rules, never more violations. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HUB_RULE_IDS, type HubRuleId } from '../hub-rule-ids.js';
import { fewestRules, type RuleTie } from './fewest-rules.js';
import { type HubViolation, hubViolation } from './hub-violation.js';

const rule = fc.constantFrom(...HUB_RULE_IDS);
const violation = (r: HubRuleId, i: number) => hubViolation(r, `expected ${i}`, `observed ${i}`, { atMs: i });
const distinct = (vs: readonly HubViolation[]) => new Set(vs.map((v) => v.rule)).size;

/** Violations elsewhere in the run, and ties: each a violation among them with another reading. */
const runs = fc
  .record({
    elsewhere: fc.array(rule, { maxLength: 6 }),
    ties: fc.array(fc.tuple(rule, rule), { maxLength: 6 }),
  })
  .map(({ elsewhere, ties }) => {
    const others = elsewhere.map(violation);
    const tied: RuleTie[] = ties.map(([taken, other], i) => ({
      taken: violation(taken, 100 + i),
      other: violation(other, 200 + i),
    }));
    return { violations: [...others, ...tied.map((t) => t.taken)], ties: tied };
  });

describe('fewestRules', () => {
  it('keeps the count, reads each tie one of its two ways, and never breaks more distinct rules', () => {
    fc.assert(
      fc.property(runs, ({ violations, ties }) => {
        const read = fewestRules(violations, ties);
        expect(read).toHaveLength(violations.length);
        const byTaken = new Map(ties.map((t) => [t.taken, t.other]));
        read.forEach((v, i) => {
          const before = violations[i] as HubViolation;
          expect(v === before || v === byTaken.get(before)).toBe(true);
        });
        expect(distinct(read)).toBeLessThanOrEqual(distinct(violations));
      }),
      { numRuns: 500, seed: 18 },
    );
  });

  it('reads every way of the ties no better than the one it chose (fewest rules, then fewest switched)', () => {
    fc.assert(
      fc.property(
        runs,
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        ({ violations, ties }, flips) => {
          const chosen = fewestRules(violations, ties);
          const replacement = new Map(ties.filter((_t, i) => flips[i]).map((t) => [t.taken, t.other]));
          const any = violations.map((v) => replacement.get(v) ?? v);
          expect(distinct(chosen)).toBeLessThanOrEqual(distinct(any));
        },
      ),
      { numRuns: 500, seed: 18 },
    );
  });

  it('a run whose only violations are ties keeps every default reading (a single fault keeps its rule)', () => {
    const tie = { taken: violation('EDP-HUB-5', 1), other: violation('EDP-HUB-1', 2) };
    expect(fewestRules([tie.taken], [tie])).toEqual([tie.taken]);
    const resend = violation('EDP-HUB-1', 3);
    expect(fewestRules([resend, tie.taken], [tie])).toEqual([resend, tie.other]);
    const leak = violation('EDP-HUB-5', 4);
    expect(fewestRules([leak, tie.taken], [tie])).toEqual([leak, tie.taken]);
  });
});
