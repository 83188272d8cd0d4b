/** The embedded MQTT broker (aedes) with the authentication and ACL of PROTOCOL.md section 5. */
export { type AclAction, type AclDecision, checkPublish, checkSubscribe } from './acl.js';
export {
  type AuthDecision,
  type BrokerAuthPolicy,
  type BrokerAuthPolicyOptions,
  ConnackCode,
  type ConnackRefusalCode,
  type ConnectRequest,
  createBrokerAuthPolicy,
} from './auth-policy.js';
export {
  type AuthRefusal,
  type BrokerEventMap,
  type ClientInfo,
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
  type PacketRefusalInfo,
  type ProtocolRefusal,
  startEmbeddedBroker,
  type WillInfo,
} from './embedded-broker.js';
export { DEFAULT_PACKET_LIMITS, type PacketLimits, type PacketRefusal } from './packet-limits.js';
export { type ControllerPrincipal, type DevicePrincipal, type Principal, principalFor } from './principal.js';
export { anyTokenPolicy, sharedTokenPolicy, type TokenPolicy, tokenMapPolicy } from './token-policy.js';
export { loadTokensFile, parseTokensJson, TokensFileError } from './tokens-file.js';
export {
  type AclViolation,
  type AclViolationLog,
  createMemoryViolationLog,
  type MemoryViolationLogOptions,
} from './violation-log.js';
