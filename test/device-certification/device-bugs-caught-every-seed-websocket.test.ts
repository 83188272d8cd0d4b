/**
 * Acceptance (issue 4): every planted bug is caught in every run with different seeds: the first
 * 3 of the 10 in npm test, all 10 with FLEETCERT_DEVICE_SWEEP=1 (the WebSocket devices' bugs here,
 * the MQTT devices' in device-bugs-caught-every-seed-mqtt.test.ts). Each bug's certifications run
 * in parallel against their own simulators (in npm test several bugs at once); the sweep itself is
 * test/support/device-bug-sweep.ts.
 */
import { describeDeviceBugSweep } from '../support/device-bug-sweep.js';

describeDeviceBugSweep('ws');
