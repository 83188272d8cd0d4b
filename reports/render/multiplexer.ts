/**
 * Fans one lifecycle out to several reporters. A reporter that throws is recorded and left
 * out of the remaining calls; the others still write (after Playwright's Multiplexer).
 */
import type { ReportContext, Reporter, ReportInput } from './reporter.js';

export interface ReporterFailure {
  readonly reporter: string;
  readonly error: unknown;
}

export interface MultiplexOutcome {
  /** Path written by each reporter that finished, by reporter name. */
  readonly written: ReadonlyMap<string, string>;
  readonly failures: readonly ReporterFailure[];
}

export class ReporterMultiplexer {
  private readonly failures: ReporterFailure[] = [];
  private readonly failed = new Set<Reporter>();

  constructor(private readonly reporters: readonly Reporter[]) {}

  private async each(step: (reporter: Reporter) => unknown): Promise<void> {
    for (const reporter of this.reporters) {
      if (this.failed.has(reporter)) continue;
      try {
        await step(reporter);
      } catch (error) {
        this.failed.add(reporter);
        this.failures.push({ reporter: reporter.name, error });
      }
    }
  }

  async onBegin(context: ReportContext): Promise<void> {
    await this.each((reporter) => reporter.onBegin(context));
  }

  async onResult(input: ReportInput): Promise<void> {
    await this.each((reporter) => reporter.onResult(input));
  }

  async onEnd(): Promise<MultiplexOutcome> {
    const written = new Map<string, string>();
    await this.each(async (reporter) => {
      written.set(reporter.name, await reporter.onEnd());
    });
    return { written, failures: [...this.failures] };
  }
}
