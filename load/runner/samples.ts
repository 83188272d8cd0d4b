/** Keeps the first few error examples of each kind as they happen (counts live in the recorder). */
import { ERROR_SAMPLES_PER_KIND, type ErrorSample } from '../result/types.js';

export class SampleCollector {
  readonly samples: ErrorSample[] = [];
  readonly #perKind = new Map<string, number>();

  readonly add = (sample: ErrorSample): void => {
    const seen = this.#perKind.get(sample.kind) ?? 0;
    this.#perKind.set(sample.kind, seen + 1);
    if (seen < ERROR_SAMPLES_PER_KIND) this.samples.push(sample);
  };

  /** How many examples of each kind were offered (kept or not). */
  counts(): ReadonlyMap<string, number> {
    return this.#perKind;
  }
}
