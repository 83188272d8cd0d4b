/**
 * Requirement order of PROTOCOL.md: sections 4 to 6 list the device rules family by family
 * (RPC, PROP, ACT, NOTIFY, then the MQTT and WebSocket bindings); the hub rules of section 8
 * come after, then the transport-security rules of section 9. Within a family, by number (EDP-RPC-10 after EDP-RPC-9).
 */

const FAMILY_ORDER = ['RPC', 'PROP', 'ACT', 'NOTIFY', 'MQTT', 'WS', 'HUB', 'TLS'] as const;

const FAMILY_TITLES: Readonly<Record<string, string>> = {
  RPC: 'Requests and responses',
  PROP: 'Properties',
  ACT: 'Actions',
  NOTIFY: 'Notifications',
  MQTT: 'MQTT binding',
  WS: 'WebSocket binding',
  HUB: 'Hub API',
  TLS: 'Transport security (TLS)',
};

export interface RuleId {
  /** `PROP` in `EDP-PROP-4`; the whole id when it does not have the `EDP-FAMILY-N` shape. */
  readonly family: string;
  readonly number: number;
}

export function parseRuleId(rule: string): RuleId {
  const match = /^EDP-([A-Z]+)-(\d+)$/.exec(rule);
  if (!match) return { family: rule, number: Number.POSITIVE_INFINITY };
  return { family: match[1]!, number: Number(match[2]) };
}

function familyRank(family: string): number {
  const index = (FAMILY_ORDER as readonly string[]).indexOf(family);
  return index === -1 ? FAMILY_ORDER.length : index;
}

/** Sort comparator: known families in protocol order, unknown ones after (alphabetically), then by number. */
export function compareRules(a: string, b: string): number {
  const left = parseRuleId(a);
  const right = parseRuleId(b);
  const byRank = familyRank(left.family) - familyRank(right.family);
  if (byRank !== 0) return byRank;
  if (left.family !== right.family) return left.family < right.family ? -1 : 1;
  if (left.number !== right.number) return left.number < right.number ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Properties (EDP-PROP)` for a family heading. */
export function familyTitle(family: string): string {
  const title = FAMILY_TITLES[family];
  return title ? `${title} · EDP-${family}` : family;
}
