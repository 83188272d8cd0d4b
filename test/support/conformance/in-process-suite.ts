/** Test helper: the model-based suite against an in-process device over a memory link. */

import { modelBasedRules } from '../../../conformance/catalogue/requirements.js';
import type { RuleId } from '../../../conformance/catalogue/rule-ids.js';
import type { HarnessContext } from '../../../conformance/harness/harness-context.js';
import type { JudgedStage } from '../../../conformance/suites/judged-stage.js';
import { runModelSuite } from '../../../conformance/suites/model-based/run-model-suite.js';
import type { DeviceModel } from '../../../src/model/types.js';
import type { RuleVerdict } from '../../../src/result/rule-verdict.js';
import type { FrameHandler, MemoryLinkOptions } from '../memory-link.js';
import { inProcessContext } from './in-process-context.js';

export { inProcessContext } from './in-process-context.js';

export interface InProcessRun {
  readonly ctx: HarnessContext;
  readonly outcomes: RuleVerdict<JudgedStage>[];
}

export interface InProcessOptions extends MemoryLinkOptions {
  readonly seed?: number;
  readonly runs?: number;
  readonly rules?: readonly RuleId[];
}

export async function runInProcess(
  model: DeviceModel,
  device: FrameHandler,
  options: InProcessOptions = {},
): Promise<InProcessRun> {
  const ctx = inProcessContext(model, device, options);
  const outcomes = await runModelSuite(ctx, {
    rules: options.rules ?? modelBasedRules(),
    seed: options.seed ?? 1,
    runs: options.runs ?? 30,
    maxCommands: 20,
    binding: 'mqtt',
    shrinkTimeLimitMs: 5000,
    timeLimitMs: 60_000,
    silenceLimit: 4,
  });
  return { ctx, outcomes };
}
