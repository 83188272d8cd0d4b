/**
 * The property items of one EDP/1 message in words, for the line a sequence chart shows beside
 * the JSON: `light.on (2.1) = false; light.brightness (2.2): code -4005`. The names come from the
 * result (DeviceSubject.propertyNames, the model's `service.property` by `siid.piid`); an id the
 * model does not hold reads `? (9.1)`, exactly what the device sent.
 */
import { formatJsonLine, truncate } from './format.js';

/** A value longer than this is cut in the line; the JSON beside it keeps it whole. */
const MAX_VALUE_CHARS = 60;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `params` of get/set_properties and properties_changed, `result` of their responses. */
function itemsOf(message: unknown): readonly Record<string, unknown>[] {
  if (!isRecord(message)) return [];
  const list = Array.isArray(message.params)
    ? message.params
    : Array.isArray(message.result)
      ? message.result
      : [];
  return list.filter(
    (item): item is Record<string, unknown> => isRecord(item) && 'siid' in item && 'piid' in item,
  );
}

function itemText(item: Record<string, unknown>, names: Readonly<Record<string, string>>): string {
  const key = `${formatJsonLine(item.siid)}.${formatJsonLine(item.piid)}`;
  const name = `${names[key] ?? '?'} (${key})`;
  const value = 'value' in item ? ` = ${truncate(formatJsonLine(item.value), MAX_VALUE_CHARS)}` : '';
  // A code beside a value is 0 by the protocol; the value says more, so the code shows only alone or when not 0.
  const showCode = 'code' in item && (value === '' || item.code !== 0);
  return `${name}${value}${showCode ? `${value === '' ? ':' : ','} code ${formatJsonLine(item.code)}` : ''}`;
}

/**
 * The line for a message, or null when it holds no property item or no name is known at all
 * (a hub's chart, a result written before names were recorded).
 */
export function propertyItemsText(
  message: unknown,
  names: Readonly<Record<string, string>> | undefined,
): string | null {
  if (names === undefined || Object.keys(names).length === 0) return null;
  const items = itemsOf(message);
  if (items.length === 0) return null;
  return items.map((item) => itemText(item, names)).join('; ');
}
