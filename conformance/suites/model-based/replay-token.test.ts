import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { commandsReplayPathOf, formatReplayToken, parseReplayToken } from './replay-token.js';

describe('replay tokens (--replay SEED:PATH[@REPLAYPATH])', () => {
  it('round-trips every token', () => {
    const token = fc.record(
      {
        seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        path: fc.array(fc.nat({ max: 500 }), { minLength: 1, maxLength: 30 }).map((p) => p.join(':')),
        commandsReplayPath: fc
          .tuple(fc.stringMatching(/^[A-Za-z0-9+/]{1,20}$/), fc.stringMatching(/^[A-Za-z0-9+/]{1,5}$/))
          .map(([a, b]) => `${a}:${b}`),
      },
      { requiredKeys: ['seed', 'path'] },
    );
    fc.assert(
      fc.property(token, (t) => {
        expect(parseReplayToken(formatReplayToken(t))).toEqual(t);
      }),
    );
  });
  it('refuses what is not a token, naming the expected form', () => {
    for (const bad of ['', '12', 'a:1', '1:2:x', '1:2@!!'])
      expect(() => parseReplayToken(bad)).toThrow(UsageError);
    expect(() => parseReplayToken('x')).toThrow('SEED:PATH[@REPLAYPATH]');
  });
  it("reads fast-check's replayPath out of a commands counterexample", () => {
    expect(commandsReplayPathOf('set a = 1,get b /*replayPath="CDD:F"*/')).toBe('CDD:F');
    expect(commandsReplayPathOf('set a = 1')).toBeUndefined();
  });
});
