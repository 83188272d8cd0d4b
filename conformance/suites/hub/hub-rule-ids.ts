/**
 * The hub rules of PROTOCOL.md section 8, by ID. Every hub violation and verdict names one of
 * these; the order here is the protocol's order and the report's.
 */
export const HUB_RULE_IDS = ['EDP-HUB-1', 'EDP-HUB-2', 'EDP-HUB-3', 'EDP-HUB-4', 'EDP-HUB-5'] as const;

export type HubRuleId = (typeof HUB_RULE_IDS)[number];

export function isHubRuleId(value: unknown): value is HubRuleId {
  return typeof value === 'string' && (HUB_RULE_IDS as readonly string[]).includes(value);
}

export function hubRuleOrder(rule: HubRuleId): number {
  return HUB_RULE_IDS.indexOf(rule);
}
