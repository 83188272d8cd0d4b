/** Test helper: the model-based suite against an in-process device over a memory link. */

import type { DeviceModel } from '../../src/model/types.js';
import { createRequestIdSource } from '../../src/protocol/request-ids.js';
import { type FrameHandler, type MemoryLinkOptions, memoryLink } from '../../test/support/memory-link.js';
import { modelBasedRules } from '../catalogue/requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { createHarnessContext, type HarnessContext } from '../harness/harness-context.js';
import { indexModel } from '../oracle/model-index.js';
import { type RuleOutcome, runModelSuite } from '../suites/model-based/run-model-suite.js';

export interface InProcessRun {
  readonly ctx: HarnessContext;
  readonly outcomes: RuleOutcome[];
}

export interface InProcessOptions extends MemoryLinkOptions {
  readonly seed?: number;
  readonly runs?: number;
  readonly rules?: readonly RuleId[];
}

export function inProcessContext(
  model: DeviceModel,
  device: FrameHandler,
  options: InProcessOptions = {},
): HarnessContext {
  const timing = { responseDeadlineMs: 2000, notificationDeadlineMs: 1000, quietMs: 5 };
  return createHarnessContext(
    memoryLink(device, options),
    indexModel(model),
    createRequestIdSource(Date.now()),
    timing,
  );
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
