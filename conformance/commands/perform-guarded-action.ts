/**
 * An `action` call after the write (one batch) that makes its guard (`when`) hold, when it has
 * one: the step the action commands share, so guarded actions run often enough to be judged
 * (EDP-ACT-1, EDP-ACT-2).
 */
import type { ActionCallSpec } from '../generators/action-call.js';
import type { ItemSpec } from '../generators/get-item.js';
import type { RunSession } from '../harness/run-session.js';
import { performRequest } from './perform-request.js';

/** Writes `before` (if any) in one batch, then calls the action. */
export async function performGuardedAction(
  session: RunSession,
  call: ActionCallSpec,
  before: readonly ItemSpec[],
): Promise<void> {
  if (before.length > 0) {
    const text = `set ${before.map((i) => i.text).join(', ')}`;
    await performRequest(session, { method: 'set_properties', params: before.map((i) => i.item) }, text);
  }
  await performRequest(session, { method: 'action', params: call.params }, `action ${call.text}`, {
    note: `action ${call.text}`,
  });
}

/** How a command reads after its guard write, for `toString()`: `after set a = 1: ` (empty without one). */
export function guardPrefix(before: readonly ItemSpec[]): string {
  return before.length > 0 ? `after set ${before.map((i) => i.text).join(', ')}: ` : '';
}
