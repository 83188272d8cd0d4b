/** EDP-WS-1: a wrong or missing token is refused with HTTP 401 before the upgrade; the right one is upgraded. */
import { randomBytes } from 'node:crypto';
import { probeUpgrade, type UpgradeOutcome } from '../../../src/transport/ws/index.js';
import type { BindingCheckRun } from './binding-check-run.js';

const RULE = 'EDP-WS-1';

export async function checkWsAuth(url: string, token: string, scenario: BindingCheckRun): Promise<void> {
  const wrong = `fleetcert-wrong-${randomBytes(6).toString('hex')}`;
  const probes: Array<[string, string | undefined, 'refused' | 'upgraded']> = [
    ['no Authorization header', undefined, 'refused'],
    ['a wrong bearer token', `Bearer ${wrong}`, 'refused'],
    ['another scheme (Basic)', `Basic ${Buffer.from(`x:${token}`).toString('base64')}`, 'refused'],
    ['the right bearer token', `Bearer ${token}`, 'upgraded'],
  ];
  for (const [what, authorization, want] of probes) {
    scenario.step(`connect with ${what}`);
    const outcome = await probeUpgrade(url, authorization);
    scenario.note(`${what}: ${describe(outcome)}`);
    if (want === 'refused' && !(outcome.kind === 'refused' && outcome.status === 401)) {
      scenario.fail(RULE, `HTTP 401 before the upgrade for ${what}`, describe(outcome));
    }
    if (want === 'upgraded' && outcome.kind !== 'upgraded')
      scenario.fail(RULE, `an upgrade with ${what}`, describe(outcome));
  }
}

function describe(outcome: UpgradeOutcome): string {
  switch (outcome.kind) {
    case 'refused':
      return `refused with HTTP ${outcome.status}`;
    case 'upgraded':
      return 'upgraded';
    case 'unreachable':
      return `no answer (${outcome.reason})`;
  }
}
