/** What a device's online presence announces (PROTOCOL.md section 5). */
import { DEVICE_INFORMATION_PIIDS, DEVICE_INFORMATION_SIID } from '../../../src/model/index.js';
import type { DeviceEngine } from '../../engine/types.js';

/** Presence model and fw are properties (1, 2) and (1, 4) as the device reports them (section 5). */
export function presenceIdentity(engine: DeviceEngine): {
  readonly modelId: string;
  readonly firmware: string;
} {
  const modelId = String(
    engine.read(DEVICE_INFORMATION_SIID, DEVICE_INFORMATION_PIIDS.model) ?? engine.model.model,
  );
  const firmware = String(
    engine.read(DEVICE_INFORMATION_SIID, DEVICE_INFORMATION_PIIDS.firmwareRevision) ?? engine.firmware,
  );
  return { modelId, firmware };
}
