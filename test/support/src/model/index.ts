/**
 * fast-check arbitraries for tests across fleetcert (engine, judge, generators). Test-only:
 * production code never imports this folder.
 */
export { type DeviceModelConstraints, deviceModel } from './device-model.arbitrary.js';
export { type PropertySpecConstraints, propertySpec } from './property-spec.arbitrary.js';
export { invalidValue, validValue } from './valid-value.arbitrary.js';
