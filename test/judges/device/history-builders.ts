/** Small builders of fixed device histories (a request sent, its answer, its items), for fixed examples. */
import { indexModel } from '../../../conformance/judge/model-index.js';
import type { DeviceModel } from '../../../src/model/types.js';
import { fixtureModel } from '../../support/conformance/fixture-models.js';
import type { DeviceHistory, HistoryEntry } from './device-history.js';
import type { LegalCase } from './legal-device-history.js';

export type Body = { readonly method: string; readonly params: unknown };
export type Params = ReadonlyArray<{ siid: number; piid: number; value: unknown }>;

export const sent = (atMs: number, id: number, body: Body, repeats?: number): HistoryEntry =>
  repeats === undefined ? { kind: 'sent', atMs, id, body } : { kind: 'sent', atMs, id, body, repeats };
export const answer = (atMs: number, of: number, message: object): HistoryEntry => ({
  kind: 'received',
  atMs,
  frame: JSON.stringify(message),
  of,
  role: 'response',
});
export const items = (
  atMs: number,
  of: number,
  params: Params,
  itemSteps = params.map(() => of),
): HistoryEntry => ({
  kind: 'received',
  atMs,
  frame: JSON.stringify({ method: 'properties_changed', params }),
  of,
  role: 'items',
  itemSteps,
});
export const set = (params: Params): Body => ({ method: 'set_properties', params });
export const codes = (params: Params, code = 0) => params.map(({ siid, piid }) => ({ siid, piid, code }));

export const INFO = { '1.1': 'Independent Labs', '1.3': 'IND-0001', '1.4': '0.0.1-independent' };

export function legalCase(
  fixture: 'bulb' | 'purifier' | 'tv' | DeviceModel,
  history: DeviceHistory,
): LegalCase {
  const model = typeof fixture === 'string' ? fixtureModel(fixture) : fixture;
  const sentAt = history.entries.flatMap((e, at) => (e.kind === 'sent' ? [at] : []));
  return { model, index: indexModel(model), steps: [], history, sentAt, seed: 0 };
}
