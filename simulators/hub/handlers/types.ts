/** The one handler type of the Hub API: every method's handler answers its begun request exactly once (EDP-HUB-2). */
import type { AppConnection } from '../app-connection.js';
import type { AppRequest } from '../app-frame.js';
import type { DeviceDirectory } from '../directory.js';
import type { HubFaults } from '../faults/types.js';
import type { Forwarder } from '../forwarder.js';

export interface HubContext {
  readonly directory: DeviceDirectory;
  readonly forwarder: Forwarder;
  readonly faults: HubFaults;
}

export type HubHandler = (request: AppRequest, connection: AppConnection, context: HubContext) => void;
