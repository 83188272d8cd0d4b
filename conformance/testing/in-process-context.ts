/** Test helper: a harness context over a memory link to an in-process device (no generators loaded). */
import type { DeviceModel } from '../../src/model/types.js';
import { createRequestIdSource } from '../../src/protocol/request-ids.js';
import { type FrameHandler, type MemoryLinkOptions, memoryLink } from '../../test/support/memory-link.js';
import { createHarnessContext, type HarnessContext } from '../harness/harness-context.js';
import { indexModel } from '../judge/model-index.js';

export function inProcessContext(
  model: DeviceModel,
  device: FrameHandler,
  options: MemoryLinkOptions = {},
): HarnessContext {
  const timing = { responseDeadlineMs: 2000, notificationDeadlineMs: 1000, quietMs: 5 };
  return createHarnessContext(
    memoryLink(device, options),
    indexModel(model),
    createRequestIdSource(Date.now()),
    timing,
  );
}
