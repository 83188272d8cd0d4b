/**
 * Test helper: record a failed rule's trace file in process (the model-based suite against an
 * in-process device), and the planted wrong answers the trace tests share.
 */

import type { RuleId } from '../../../conformance/catalogue/rule-ids.js';
import { buildTrace } from '../../../conformance/trace/build-trace.js';
import type { TraceFile } from '../../../conformance/trace/trace-file.js';
import { modelSha256 } from '../../../src/model/hash.js';
import type { DeviceModel } from '../../../src/model/types.js';
import { IndependentDevice, type IndependentModel } from '../independent-device.js';
import type { FrameHandler, MemoryLinkOptions } from '../memory-link.js';
import { type FixtureName, fixtureModel } from './fixture-models.js';
import { runInProcess } from './in-process-suite.js';

export const independentDevice = (name: FixtureName): FrameHandler =>
  new IndependentDevice(fixtureModel(name) as unknown as IndependentModel, { deviceId: `${name}-0001` });

export async function recordTraceInProcess(
  model: DeviceModel,
  device: FrameHandler,
  rule: RuleId,
  options: MemoryLinkOptions & { readonly seed?: number } = {},
): Promise<TraceFile> {
  const { outcomes } = await runInProcess(model, device, {
    runs: 40,
    seed: options.seed ?? 3,
    rules: [rule],
    ...options,
  });
  const failed = outcomes.find((o) => o.rule === rule);
  if (failed?.verdict !== 'failed') throw new Error(`${rule} did not fail: ${JSON.stringify(failed)}`);
  const trace = buildTrace(failed.record, {
    rule,
    toolVersion: 'test',
    recordedAt: new Date(0),
    device: { id: 'dev-0001', binding: 'mqtt' },
    model: { id: model.model, sha256: modelSha256(model) },
    timing: { responseDeadlineMs: 2000, notificationDeadlineMs: 1000, quietMs: 5 },
  });
  if (trace === undefined) throw new Error(`${rule}: the failing run kept no script`);
  // Through JSON, as a committed file would be read back.
  return JSON.parse(JSON.stringify(trace)) as TraceFile;
}
