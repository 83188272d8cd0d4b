/** The "did you mean" guess: a metric (property-tested) and the closest-match policy. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from './did-you-mean.js';

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-'), maxLength: 8 });

describe('editDistance', () => {
  it('is 0 exactly for equal words, and symmetric', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
      }),
    );
  });

  it('counts one edit of each kind as 1', () => {
    expect(editDistance('brokr', 'broker')).toBe(1); // insertion
    expect(editDistance('broker', 'brokr')).toBe(1); // deletion
    expect(editDistance('broken', 'broker')).toBe(1); // substitution
    expect(editDistance('stale-notifcation', 'stale-notification')).toBe(1);
    expect(editDistance('tyep', 'type')).toBe(1); // swap of neighbours
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('is at most the longer length and at least the length difference', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

describe('closestMatch', () => {
  const options = ['broker', 'controller', 'device-id', 'model', 'listen', 'ws'];

  it('finds the intended word for a typo', () => {
    expect(closestMatch('brokr', options)).toBe('broker');
    expect(closestMatch('modle', options)).toBe('model');
    expect(closestMatch('DEVICE-ID', options)).toBe('device-id');
  });

  it('guesses nothing for a word far from every candidate, or for an exact one', () => {
    expect(closestMatch('xyzzy', options)).toBeUndefined();
    expect(closestMatch('wss', ['ws', 'broker'])).toBe('ws');
    expect(closestMatch('broker', options)).toBeUndefined();
    expect(closestMatch('anything', [])).toBeUndefined();
  });

  it('never suggests something further than a third of the word away (property)', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 6 }), (typed, candidates) => {
        const match = closestMatch(typed, candidates);
        if (match === undefined) return;
        expect(candidates).toContain(match);
        const distance = editDistance(typed.toLowerCase(), match.toLowerCase());
        expect(match).not.toBe(typed);
        expect(distance).toBeLessThanOrEqual(Math.min(3, Math.max(1, Math.floor(typed.length / 3))));
        for (const other of candidates)
          expect(editDistance(typed.toLowerCase(), other.toLowerCase())).toBeGreaterThanOrEqual(distance);
      }),
    );
  });

  it('phrases the hint', () => {
    expect(didYouMean('brokr', options, (x) => `--${x}`)).toBe(' Did you mean --broker?');
    expect(didYouMean('xyzzy', options)).toBe('');
  });
});
