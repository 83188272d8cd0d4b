/** Test helper: a harness context over a memory link to an in-process device (no generators loaded). */

import { createHarnessContext, type HarnessContext } from '../../../conformance/harness/harness-context.js';
import { indexModel } from '../../../conformance/judge/model-index.js';
import type { DeviceModel } from '../../../src/model/types.js';
import { createRequestIdSource } from '../../../src/protocol/request-ids.js';
import { type FrameHandler, type MemoryLinkOptions, memoryLink } from '../memory-link.js';

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
