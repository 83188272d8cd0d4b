/** What `certifyDevice` tells its caller while it runs: phases, and each requirement's verdict as soon as it is known. */
import type { RequirementResult } from '../../src/result/certification-result.js';

export type ProgressEvent =
  | { readonly kind: 'phase'; readonly text: string }
  | { readonly kind: 'verdict'; readonly requirement: RequirementResult };

export type ProgressListener = (event: ProgressEvent) => void;
