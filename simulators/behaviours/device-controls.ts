/**
 * How hard a device works, read from its own controls by name: whether it is on and its
 * effective fan level (for purifiers: the mode's level, or the manual fan level).
 * Shared by air quality and filter wear so they agree.
 */
import type { DeviceModel } from '../../src/model/index.js';
import type { DeviceEngine } from '../engine/types.js';
import { type FoundProperty, findProperty } from './valid-values.js';

export interface Controls {
  readonly on: FoundProperty | undefined;
  readonly mode: FoundProperty | undefined;
  readonly fanLevel: FoundProperty | undefined;
}

/** The controls of the first service with a bool `on` switch (its `mode` and `fan-level` too, if any). */
export function findControls(model: DeviceModel): Controls {
  for (const service of model.services) {
    const on = findProperty(model, service.name, 'on');
    if (on?.spec.format !== 'bool') continue;
    return {
      on,
      mode: findProperty(model, service.name, 'mode'),
      fanLevel: findProperty(model, service.name, 'fan-level'),
    };
  }
  return { on: undefined, mode: undefined, fanLevel: undefined };
}

export function isOn(engine: DeviceEngine, controls: Controls): boolean {
  return controls.on ? engine.read(controls.on.siid, controls.on.piid) === true : true;
}

/**
 * A working level from 1 (gentle) to 3 (hardest): the mode's description says which
 * (sleep 1, auto 2, favorite 3, manual: the fan level scaled to 1..3); 2 when unknown.
 */
export function workLevel(engine: DeviceEngine, controls: Controls): number {
  const fan = fanLevel(engine, controls);
  if (controls.mode) {
    const mode = engine.read(controls.mode.siid, controls.mode.piid);
    const description = controls.mode.spec.values?.find((v) => v.value === mode)?.description;
    switch (description) {
      case 'sleep':
        return 1;
      case 'auto':
        return 2;
      case 'favorite':
        return 3;
      case 'manual':
        return fan ?? 2;
    }
  }
  return fan ?? 2;
}

function fanLevel(engine: DeviceEngine, controls: Controls): number | undefined {
  const spec = controls.fanLevel?.spec;
  const value = controls.fanLevel ? engine.read(controls.fanLevel.siid, controls.fanLevel.piid) : undefined;
  if (!spec?.range || typeof value !== 'number') return undefined;
  const [min, max] = spec.range;
  return max === min ? 2 : 1 + (2 * (value - min)) / (max - min);
}
