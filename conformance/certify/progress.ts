/** What `certifyDevice` tells its caller while it runs: phases, and each requirement's verdict as soon as it is known. */
import type { RuleVerdict } from '../../src/result/index.js';

export type ProgressEvent =
  | { readonly kind: 'phase'; readonly text: string }
  | { readonly kind: 'verdict'; readonly requirement: RuleVerdict }
  /** A run of the model-based suite ended (exploring, shrinking or replaying): for a progress line. */
  | { readonly kind: 'run'; readonly runs: number; readonly budget: number; readonly requests: number };

export type ProgressListener = (event: ProgressEvent) => void;
