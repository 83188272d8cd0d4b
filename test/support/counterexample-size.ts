/**
 * Test helper: how many requests a failed requirement's counterexample holds — the requests its
 * commands sent, or, when it failed in a run's setup or in a scripted check, every request shown.
 */
import type { RuleVerdict } from '../../src/result/rule-verdict.js';

export function counterexampleRequests(requirement: RuleVerdict): number {
  if (requirement.verdict !== 'failed') return 0;
  const trace = requirement.counterexample.trace;
  const firstCommand = trace.findIndex(
    (e) => e.direction === 'note' && typeof e.message === 'string' && e.message.startsWith('command: '),
  );
  const from = firstCommand === -1 ? 0 : firstCommand;
  // The setup's peek and contrast write only reset the device (run-setup.ts): not the counterexample's.
  let resetting = false;
  let count = 0;
  for (const e of trace.slice(from)) {
    if (e.direction === 'note' && typeof e.message === 'string' && e.message.startsWith('setup: '))
      resetting = /^setup: (read what the device holds|write a contrast state)/.test(e.message);
    else if (e.direction === 'note' && typeof e.message === 'string' && e.message.startsWith('command: '))
      resetting = false;
    if (e.direction === 'sent' && !resetting) count++;
  }
  return count;
}
