/** How a (possibly malformed) address reads in a counterexample: `light.brightness`, or the raw ids. */
import type { ModelIndex } from './model-index.js';

export function propertyLabel(index: ModelIndex, siid: unknown, piid: unknown): string {
  return index.property(siid, piid)?.label ?? `(siid ${show(siid)}, piid ${show(piid)})`;
}

export function actionLabel(index: ModelIndex, siid: unknown, aiid: unknown): string {
  return index.action(siid, aiid)?.label ?? `(siid ${show(siid)}, aiid ${show(aiid)})`;
}

export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
