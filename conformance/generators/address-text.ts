/** How addresses read in a command's `toString()`: `light.brightness(2.2)`, `?(9.1)` for unknown ids. */
import type { IndexedAction, IndexedProperty, ModelIndex } from '../judge/model-index.js';

export function propertyText(p: IndexedProperty): string {
  return `${p.label}(${p.siid}.${p.piid})`;
}

export function actionText(a: IndexedAction): string {
  return `${a.label}(${a.siid}.${a.spec.aiid})`;
}

export function rawAddressText(index: ModelIndex, siid: unknown, iid: unknown): string {
  const p = index.property(siid, iid);
  return p !== undefined ? propertyText(p) : `?(${show(siid)}.${show(iid)})`;
}

export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 48 ? `${text.slice(0, 48)}…(${text.length} chars)` : text;
}
