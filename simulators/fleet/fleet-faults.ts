/**
 * Faults across a fleet: `NAME[:RATE][@SHARE]` plants fault NAME (at RATE per opportunity,
 * docs/faults.md) in SHARE of the devices (default all). Which devices is fixed by the seed
 * and the device id, so the same devices misbehave in every run with that seed.
 */
import { parseFault } from '../faults/parse-fault.js';
import type { FaultPlan, FaultSetting } from '../faults/types.js';
import { deviceDraw } from './device-seed.js';
import { FleetError } from './fleet-error.js';

export interface FleetFault {
  readonly setting: FaultSetting;
  /** Share of devices, 0..1, that run with it. */
  readonly share: number;
}

export function parseFleetFault(text: string): FleetFault {
  const at = text.lastIndexOf('@');
  const setting = parseFault(at === -1 ? text : text.slice(0, at));
  if (at === -1) return { setting, share: 1 };
  const shareText = text.slice(at + 1).trim();
  const share = /^(?:\d+(?:\.\d*)?|\.\d+)%?$/.test(shareText)
    ? Number(shareText.replace('%', '')) / (shareText.endsWith('%') ? 100 : 1)
    : Number.NaN;
  if (!(share >= 0 && share <= 1)) {
    throw new FleetError(
      `--fault ${JSON.stringify(text)}: share "${shareText}" must be between 0 and 1 (or 0% to 100%), e.g. ${setting.name}@0.1 for one device in ten.`,
    );
  }
  return { setting, share };
}

const NO_FAULTS: FaultPlan = Object.freeze([]);

/** The faults one device runs with. Devices without any share one frozen empty plan. */
export function devicePlan(faults: readonly FleetFault[], seed: number, deviceId: string): FaultPlan {
  if (faults.length === 0) return NO_FAULTS;
  const chosen = faults.filter(
    (f) => f.share >= 1 || deviceDraw(seed, deviceId, `fault:${f.setting.name}`) < f.share,
  );
  return chosen.length === 0 ? NO_FAULTS : Object.freeze(chosen.map((f) => f.setting));
}
