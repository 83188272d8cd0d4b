/** The hub configuration contract (PROTOCOL.md section 8), shared by the reference hub and the hub judge. */
export * from './hub-config.js';
