/**
 * Reading trace files for `fleetcert replay`: a file, or a folder of `*.trace.json` (in name
 * order), each parsed and checked before anything is sent; with `--verify`, each seal too.
 * Every problem names the file (exit 2).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedTrace } from '../../conformance/trace/index.js';
import { parseTraceText, TraceSealError } from '../../conformance/trace/index.js';
import { verifyReport } from '../../reports/integrity/index.js';
import { FleetcertError, INPUT_LIMITS, readBoundedText, UsageError } from '../../src/index.js';

export async function traceFilesIn(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new FleetcertError(
        'FLEETCERT_FILE',
        `cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file or folder' : error.message}. Name a trace file or a folder of them (e.g. fleetcert-report/traces).`,
        { exitCode: 2, cause: error },
      );
    });
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => n.endsWith('.trace.json')).sort();
      if (names.length === 0)
        throw new UsageError(
          `${path} holds no *.trace.json files: certify writes them into REPORTS/traces when a rule fails`,
        );
      files.push(...names.map((n) => join(path, n)));
    } else files.push(path);
  }
  return files;
}

/**
 * How `--verify` checks each trace: its seal must hold; with a public key it must also be signed
 * by that key (a signature covers the whole trace, its requests included, so a trace whose
 * requests were replaced and re-digested is refused). `onUnsigned` hears of a trace that holds
 * only as integrity: anyone could have rewritten it and computed a new digest.
 */
export interface TraceVerification {
  readonly publicKeyPem?: string;
  readonly publicKeySource?: string;
  readonly onUnsigned?: (source: string) => void;
}

export async function loadTraces(
  paths: readonly string[],
  verify: TraceVerification | false,
): Promise<LoadedTrace[]> {
  const loaded: LoadedTrace[] = [];
  for (const source of await traceFilesIn(paths)) {
    const text = await readBoundedText(source, INPUT_LIMITS.traceFileBytes, 'trace file', 'FLEETCERT_USAGE');
    const trace = parseTraceText(text, source);
    if (verify) {
      const outcome = await verifyReport(text, {
        source,
        ...(verify.publicKeyPem === undefined
          ? {}
          : {
              publicKeyPem: verify.publicKeyPem,
              publicKeySource: verify.publicKeySource ?? 'the public key',
            }),
      });
      if (!outcome.unchanged) throw new TraceSealError(source, outcome.problems);
      if (outcome.signature === 'none') verify.onUnsigned?.(source);
    }
    loaded.push({ source, trace });
  }
  return loaded;
}
