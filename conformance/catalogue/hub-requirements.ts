/**
 * The hub catalogue: one entry per hub rule of PROTOCOL.md section 8 (EDP-HUB-1..5), judged by
 * property-based app sessions against the fleet's own records (conformance/suites/hub/).
 * The hub suite's owner words and refines these entries; nothing else needs to change for a
 * hub rule to appear in results and reports.
 */
import type { HubMode } from '../../src/result/certification-result.js';
import type { Applicability, HubRequirement } from './requirements.js';
import type { RuleId } from './rule-ids.js';

const FULL: Applicability = { run: 'full' };
const EVERY_HUB_MODE: Readonly<Record<HubMode, Applicability>> = { 'hub-command': FULL, 'hub-url': FULL };

const hub = (id: RuleId, statement: string): HubRequirement => ({
  subject: 'hub',
  id,
  section: 8,
  statement,
  bindings: ['mqtt', 'ws'],
  kind: 'model-based',
  modes: EVERY_HUB_MODE,
});

export const HUB_REQUIREMENTS: readonly HubRequirement[] = Object.freeze([
  hub(
    'EDP-HUB-1',
    'A command reaches exactly the named device, once (one device request id), with its params as section 8 says, and the app gets that device’s answer under its own id.',
  ),
  hub(
    'EDP-HUB-2',
    'A command to an offline device fails with -4010 within 2 s and is not forwarded; to a device that does not answer, -4011 between D and D + 1 s; every app request gets exactly one response.',
  ),
  hub(
    'EDP-HUB-3',
    'Every device notification reaches every connection subscribed to that device once, within 1 s, in the hub’s order of receipt per device, and no other connection.',
  ),
  hub('EDP-HUB-4', 'Presence changes reach subscribers within 2 s, and only changes.'),
  hub(
    'EDP-HUB-5',
    'A token sees only the devices it is granted: devices.list lists only them; any other id gets -4012 and reaches no device; nothing of another device reaches the token.',
  ),
]);
