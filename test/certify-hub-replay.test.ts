/**
 * A hub counterexample replays exactly: the result's replay token (seed, path, commands path),
 * given back as `replay`, runs the shrunk session again and fails the same rule with the same
 * commands. Also for a fixed check (capacity), whose token is SEED:0@fixed:N.
 */
import { describe, expect, it } from 'vitest';
import { parseReplayToken } from '../conformance/suites/model-based/replay-token.js';
import { startHubBench } from './support/hub-certification.js';

describe('hub replay tokens', () => {
  it('replay the shrunk counterexample of a planted fault', async () => {
    const bench = await startHubBench({ grantSeed: 1, fault: 'forward-ungranted' });
    try {
      const first = await bench.certify({ seed: 3, runs: 40, only: ['EDP-HUB-5'] });
      const failed = first.result.requirements.find((r) => r.rule === 'EDP-HUB-5');
      expect(failed?.verdict).toBe('failed');
      if (failed?.verdict !== 'failed') return;
      const token = parseReplayToken(failed.replay.command.match(/--replay (\S+)/)?.[1] ?? '');
      const again = await bench.certify({ seed: 3, runs: 1, only: ['EDP-HUB-5'], replay: token });
      const replayed = again.result.requirements.find((r) => r.rule === 'EDP-HUB-5');
      expect(replayed?.verdict).toBe('failed');
      if (replayed?.verdict !== 'failed') return;
      expect(replayed.counterexample.commands).toEqual(failed.counterexample.commands);
    } finally {
      await bench.stop();
    }
  }, 300_000);
});
