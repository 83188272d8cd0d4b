/**
 * Test helper: how many requests a failed requirement's counterexample holds — the requests its
 * commands sent, or, when it failed in a run's setup or in a scripted check, every request shown.
 */
import type { RequirementResult } from '../../src/result/certification-result.js';

export function counterexampleRequests(requirement: RequirementResult): number {
  if (requirement.verdict !== 'failed') return 0;
  const trace = requirement.counterexample.trace;
  const firstCommand = trace.findIndex(
    (e) => e.direction === 'note' && typeof e.message === 'string' && e.message.startsWith('command: '),
  );
  const from = firstCommand === -1 ? 0 : firstCommand;
  return trace.slice(from).filter((e) => e.direction === 'sent').length;
}
