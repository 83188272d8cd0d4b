/**
 * Limits on the files fleetcert reads, each named in the error that enforces it. A file is
 * measured before it is read (a 48 MB scenario took 18.5 s and 2.5 GB before its error) and
 * parsed through src/bounded-json.ts. Pure; the reading is src/read-file-within.ts.
 */
const KiB = 1024;
const MiB = 1024 * KiB;

export const INPUT_LIMITS = Object.freeze({
  /** A model must be served in one 65,536-byte message (EDP-RPC-6); 1 MiB leaves room for layout. */
  modelFileBytes: 1 * MiB,
  scenarioFileBytes: 1 * MiB,
  /** Device and controller tokens: 19,000 devices take under 2 MB. */
  tokensFileBytes: 16 * MiB,
  /** Certification and load results, read back by `report` and `load report`. */
  resultFileBytes: 64 * MiB,
  hubConfigFileBytes: 1 * MiB,
  /** A CA certificate bundle (PEM): the system's whole bundle is about 220 KB. */
  caFileBytes: 1 * MiB,
  /** A trace file of `replay`: a few hundred KB at most; anything far larger is not one. */
  traceFileBytes: 32 * MiB,
  /** Problems printed for an invalid input: the first ones, then a count of the rest. */
  listedProblems: 50,
});

/** "1 MiB", "64 MiB", "16 KiB": limits as people write them. */
export function formatLimit(bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}

/** The first `INPUT_LIMITS.listedProblems` lines, then `… and N more`. */
export function listProblems(lines: readonly string[], max = INPUT_LIMITS.listedProblems): string[] {
  if (lines.length <= max) return [...lines];
  return [...lines.slice(0, max), `… and ${lines.length - max} more (${lines.length} in all)`];
}
