/** The face of load/hub/: what other roots use from it (they import nothing deeper). */
export { AppReceipts } from './app-receipts.js';
export { countAgainstRecords } from './count-against-records.js';
export type { HubLoadLive } from './hub-live.js';
export { HubLive } from './hub-live.js';
export type { HubLoadDevice, PlannedCommand, PlannedConnection, PlannedEvent } from './plan.js';
export { configApps, planCommands, planConnections, planFlaps, planTelemetry } from './plan.js';
export { ofShard, sentByConnection, shardConnections, shardDeviceIds } from './shard.js';
