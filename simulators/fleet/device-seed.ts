/**
 * One seed per device and purpose, from the run's seed and the device id (FNV-1a), so a
 * device's random streams do not depend on the rest of the fleet, on the worker it runs in,
 * or on the order devices connect.
 */
export function deviceSeed(runSeed: number, deviceId: string, purpose: string): number {
  let hash = 0x811c9dc5 ^ (Math.trunc(runSeed) >>> 0);
  const text = `${purpose}\u0000${deviceId}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche so nearby ids give unrelated seeds.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** A number in [0, 1) fixed by (seed, device, purpose): which devices of a share get a fault. */
export function deviceDraw(runSeed: number, deviceId: string, purpose: string): number {
  return deviceSeed(runSeed, deviceId, purpose) / 0x1_0000_0000;
}
