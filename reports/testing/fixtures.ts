/** Sample results for tests and docs: fixtures/results/*.json, checked on load. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { parseCertificationResult } from '../result/parse-result.js';

export const RESULT_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/results/', import.meta.url));

export type ResultFixture = 'passing' | 'failing';

export async function loadResultFixture(name: ResultFixture): Promise<CertificationResult> {
  const path = `${RESULT_FIXTURES_DIR}${name}.json`;
  return parseCertificationResult(JSON.parse(await readFile(path, 'utf8')), path);
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
