/**
 * Every planted hub fault that breaks EDP-HUB-3 (docs/faults.md) is caught by that rule with
 * each of 10 seeds (FLEETCERT_HUB_SWEEP=1; one of them per fault in npm test), with a
 * counterexample of at most 6 app requests.
 */
import { describeHubFaultSweep } from '../support/hub-sweep.js';

describeHubFaultSweep('EDP-HUB-3');
