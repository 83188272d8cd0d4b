/**
 * Replaying recorded traces against a device (`fleetcert replay`): the listen broker when the
 * device connects to fleetcert, then the traces. A face of its own because replay must load no
 * generator (conformance/trace/replay-without-generators.test.ts), and runs/index.ts loads every
 * run, device certification's suites included.
 */
export { type DeviceReplayOptions, runDeviceReplay } from './device-replay-run.js';
