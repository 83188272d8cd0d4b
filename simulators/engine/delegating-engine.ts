/**
 * An engine that forwards every call to another engine. Wrappers that add to one call (a
 * behaviour's reactions after a frame, a load run observing replies) extend it and override
 * only that call, so a new DeviceEngine member is forwarded in one place.
 */
import type { PropertyValue } from '../../src/model/index.js';
import type { Notification } from '../../src/protocol/index.js';
import type { DeviceEngine, DeviceOutput, FrameOptions, StateEntry } from './types.js';

export class DelegatingEngine implements DeviceEngine {
  constructor(readonly inner: DeviceEngine) {}

  get deviceId() {
    return this.inner.deviceId;
  }
  get model() {
    return this.inner.model;
  }
  get firmware() {
    return this.inner.firmware;
  }
  get faults() {
    return this.inner.faults;
  }

  handleFrame(frame: Uint8Array | string, channel?: string, options?: FrameOptions): DeviceOutput {
    return this.inner.handleFrame(frame, channel, options);
  }
  read(siid: number, piid: number): PropertyValue | undefined {
    return this.inner.read(siid, piid);
  }
  changeByItself(siid: number, piid: number, value: PropertyValue): Notification | undefined {
    return this.inner.changeByItself(siid, piid, value);
  }
  emitEvent(siid: number, eiid: number): Notification | undefined {
    return this.inner.emitEvent(siid, eiid);
  }
  resetState(): void {
    this.inner.resetState();
  }
  snapshot(): readonly StateEntry[] {
    return this.inner.snapshot();
  }
}
