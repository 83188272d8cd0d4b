/**
 * Section 9 (EDP-TLS-1..6): the TLS stage a run starts in front of its broker (tls-stage.ts, the
 * I/O) and the pure judge of what the device did with each certificate presented (judge-tls.ts).
 * A face of its own, so a run that needs the stage does not load the device suites.
 */
export {
  DEFAULT_PLAIN_PORT,
  startTlsStage,
  type TlsStage,
  type TlsStageResult,
  TlsUnreachableError,
} from './tls-stage.js';
