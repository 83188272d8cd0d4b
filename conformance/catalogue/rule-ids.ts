/**
 * The rules of PROTOCOL.md by ID: the device rules of sections 4 to 6, then the hub rules of
 * section 8, then the device's transport-security rules of section 9. Every violation, verdict and report row names one of these; the order here is the
 * protocol's order and the report's. A new rule is one line here and one catalogue entry.
 */
export const RULE_IDS = [
  'EDP-RPC-1',
  'EDP-RPC-2',
  'EDP-RPC-3',
  'EDP-RPC-4',
  'EDP-RPC-5',
  'EDP-RPC-6',
  'EDP-PROP-1',
  'EDP-PROP-2',
  'EDP-PROP-3',
  'EDP-PROP-4',
  'EDP-ACT-1',
  'EDP-ACT-2',
  'EDP-NOTIFY-1',
  'EDP-NOTIFY-2',
  'EDP-NOTIFY-3',
  'EDP-MQTT-1',
  'EDP-MQTT-2',
  'EDP-MQTT-3',
  'EDP-WS-1',
  'EDP-WS-2',
  'EDP-WS-3',
  'EDP-HUB-1',
  'EDP-HUB-2',
  'EDP-HUB-3',
  'EDP-HUB-4',
  'EDP-HUB-5',
  'EDP-TLS-1',
  'EDP-TLS-2',
  'EDP-TLS-3',
  'EDP-TLS-4',
  'EDP-TLS-5',
  'EDP-TLS-6',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: unknown): value is RuleId {
  return typeof value === 'string' && (RULE_IDS as readonly string[]).includes(value);
}

/** Protocol order, for sorting verdicts and report rows. */
export function ruleOrder(rule: RuleId): number {
  return RULE_IDS.indexOf(rule);
}
