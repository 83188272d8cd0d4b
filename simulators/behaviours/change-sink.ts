/**
 * Collects the changes one behaviour step makes and turns them into notifications:
 * property changes grouped up to 16 items per `properties_changed` (section 3), events in
 * place, so an event follows the changes made before it.
 */
import type { PropertyValue } from '../../src/model/index.js';
import type { Notification, PropertyChangedItem } from '../../src/protocol/index.js';
import { MAX_BATCH_ITEMS } from '../../src/protocol/index.js';
import type { DeviceEngine } from '../engine/types.js';

export class ChangeSink {
  readonly #engine: DeviceEngine;
  #items: PropertyChangedItem[] = [];
  #out: Notification[] = [];

  constructor(engine: DeviceEngine) {
    this.#engine = engine;
  }

  /** Change a property by the device's own doing; unchanged values notify nothing. */
  set(siid: number, piid: number, value: PropertyValue): void {
    const notification = this.#engine.changeByItself(siid, piid, value);
    if (notification?.method === 'properties_changed') {
      for (const item of notification.params) {
        this.#items.push(item);
        if (this.#items.length === MAX_BATCH_ITEMS) this.#flushItems();
      }
    } else if (notification) {
      this.#flushItems();
      this.#out.push(notification);
    }
  }

  /** Send an event of the model on the device's own initiative (a sensor alarm). */
  emit(siid: number, eiid: number): void {
    const notification = this.#engine.emitEvent(siid, eiid);
    if (!notification) return;
    this.#flushItems();
    this.#out.push(notification);
  }

  /** Everything collected so far, and start afresh. */
  take(): Notification[] {
    this.#flushItems();
    const out = this.#out;
    this.#out = [];
    return out;
  }

  #flushItems(): void {
    if (this.#items.length === 0) return;
    this.#out.push({ method: 'properties_changed', params: this.#items });
    this.#items = [];
  }
}
