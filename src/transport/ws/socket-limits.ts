/**
 * Limits on every WebSocket fleetcert opens toward a subject (a device, a hub, a broker) or
 * accepts from a client. \`ws\` buffers a whole message before handing it on, up to 100 MiB by
 * default, and a client offers permessage-deflate by default, so a peer could make fleetcert
 * hold 100 MiB per message, or inflate a small compressed frame into one (four compressed
 * 229 KB answers took \`certify hub\` to 900 MB). Every \`new WebSocket(\` and
 * \`new WebSocketServer(\` therefore sets \`maxPayload\` and \`perMessageDeflate: false\`;
 * src/transport/ws/socket-limits.test.ts scans the sources for one that does not.
 */

/** A frame to or from a device or an app: a message of section 3 is at most 65,536 bytes;
 * 1 MiB lets an oversize frame be read and judged (EDP-RPC-6) instead of cutting the link. */
export const SUBJECT_FRAME_BYTES = 1024 * 1024;

/** \`devices.list\` carries each granted device's model (up to 65,536 bytes each). */
export const DEVICE_LIST_FRAME_BYTES = 4 * 1024 * 1024;

/** A probe that closes as soon as it is upgraded reads nothing but a close frame. */
export const PROBE_FRAME_BYTES = 64 * 1024;
