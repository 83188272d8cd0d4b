import { describe, expect, it } from 'vitest';
import { checkDevicesPerProcess, openFilesLimit } from './simulate-file-limit.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             94000                94000                processes
Max open files            20000                20000                files
`;

describe('simulate --fleet: one open file per device, under the per-process limit', () => {
  it('reads the soft limit from /proc/self/limits text', () => {
    expect(openFilesLimit(LIMITS)).toBe(20_000);
    expect(openFilesLimit('Max open files            unlimited            unlimited            files')).toBe(
      undefined,
    );
  });

  it('lets 19,000 devices run in one process and 60,000 over 4 workers', () => {
    expect(() => checkDevicesPerProcess(19_000, 1, 20_000)).not.toThrow();
    expect(() => checkDevicesPerProcess(60_000, 4, 20_000)).not.toThrow();
    expect(() => checkDevicesPerProcess(1_000_000, 1, undefined)).not.toThrow();
  });

  it('refuses 60,000 devices over 3 workers (20,000 each) and names the fix', () => {
    expect(() => checkDevicesPerProcess(60_000, 3, 20_000)).toThrow(
      /20,000 connections in one process, but a process may open only 20,000 files here \(ulimit -n\); give --workers 4 or more/,
    );
    let refused: unknown;
    try {
      checkDevicesPerProcess(25_000, 1, 20_000);
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'FLEETCERT_USAGE', exitCode: 2 });
  });
});
