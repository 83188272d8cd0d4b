/** Sample results for tests and docs: fixtures/results/*.json, checked on load. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseCertificationResult } from '../../../reports/result/parse-result.js';
import type { CertificationResult } from '../../../src/result/certification-result.js';

export const RESULT_FIXTURES_DIR = fileURLToPath(new URL('../../../fixtures/results/', import.meta.url));

/** Device results (`passing`, `failing`), a hub's (`hub-failing`), and device results of schema /1 (`v1/…`). */
export type ResultFixture = 'passing' | 'failing' | 'hub-failing' | 'v1/passing' | 'v1/failing';

/** The fixture as written (a /1 one stays /1). */
export async function readResultFixture(name: ResultFixture): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(`${RESULT_FIXTURES_DIR}${name}.json`, 'utf8'));
}

/** The fixture as a checked CertificationResult (a /1 one upgraded). */
export async function loadResultFixture(name: ResultFixture): Promise<CertificationResult> {
  return parseCertificationResult(await readResultFixture(name), `${RESULT_FIXTURES_DIR}${name}.json`);
}

/** A deep copy whose objects list their members in reverse order: same data, other bytes. */
export function reverseMemberOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseMemberOrder) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .reverse()
      .map(([k, v]) => [k, reverseMemberOrder(v)]),
  ) as T;
}
