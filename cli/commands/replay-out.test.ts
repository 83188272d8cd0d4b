/** Where printed replays write (partner 3): beside the run's report, and a repeated --out keeps the last. */
import { describe, expect, it } from 'vitest';
import { lastOut, replayOutOption } from './replay-out.js';

describe('replay --out', () => {
  it('puts a replay in OUT/replay-RULE, the default report folder when the run had no --out', () => {
    expect(replayOutOption('runs/ok-s1', 'EDP-RPC-1')).toBe('--out runs/ok-s1/replay-EDP-RPC-1');
    expect(replayOutOption(undefined, 'EDP-HUB-2')).toBe('--out fleetcert-report/replay-EDP-HUB-2');
    expect(replayOutOption("it's here", 'EDP-ACT-1')).toBe(`--out 'it'\\''s here/replay-EDP-ACT-1'`);
  });
  it('keeps the last of two --out (a printed replay with the caller’s own --out after it)', () => {
    expect(lastOut(['runs/a/replay-EDP-RPC-1', 'mine'])).toBe('mine');
    expect(lastOut('only')).toBe('only');
  });
});
