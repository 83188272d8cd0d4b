/** The hub configuration contract (PROTOCOL.md section 8), shared by the reference hub and the hub judge. */

/** What a device behind a hub received and sent: recorded by simulators, read by the hub judge and hub load. */
export * from './device-records.js';
export * from './hub-config.js';
