/**
 * One lifecycle for every report format (after Playwright's ReporterV2): `onBegin` with where
 * to write, `onResult` with the sealed result and its model, `onEnd` to write the file.
 * Rendering is pure (html.ts, junit.ts); a reporter only adds the file I/O.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificationResult } from '../../src/result/index.js';
import type { ReportModel } from '../model/report-model.js';

export interface ReportContext {
  /** The directory a reporter writes its file into; created when missing. */
  readonly outDir: string;
}

export interface ReportInput {
  /** The result with its `integrity` member. */
  readonly result: CertificationResult;
  readonly model: ReportModel;
}

export interface Reporter {
  /** `html`, `json`, `junit`: names the reporter in errors. */
  readonly name: string;
  onBegin(context: ReportContext): void | Promise<void>;
  onResult(input: ReportInput): void | Promise<void>;
  /** Writes the report and returns its path. */
  onEnd(): Promise<string>;
}

/** Write via a temporary file and a rename, so a reader never sees half a report. */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, path);
}

/** The shared shape of the file reporters: render on `onResult`, write on `onEnd`. */
export abstract class FileReporter implements Reporter {
  abstract readonly name: string;
  protected abstract readonly fileName: string;
  private outDir: string | undefined;
  private content: string | undefined;

  protected abstract render(input: ReportInput): string | Promise<string>;

  onBegin(context: ReportContext): void {
    this.outDir = context.outDir;
  }

  async onResult(input: ReportInput): Promise<void> {
    if (this.content !== undefined)
      throw new Error(`the ${this.name} reporter writes one device's result; it got a second`);
    this.content = await this.render(input);
  }

  async onEnd(): Promise<string> {
    if (this.outDir === undefined || this.content === undefined) {
      throw new Error(`the ${this.name} reporter ended before it began or before it got a result`);
    }
    await mkdir(this.outDir, { recursive: true });
    const path = join(this.outDir, this.fileName);
    await writeFileAtomically(path, this.content);
    return path;
  }
}
