/**
 * lib/: fleetcert as a library, `import { … } from 'fleetcert'` (package.json "exports" → dist/lib/index.js).
 * A face at the top, like cli/: it may import runs/ (the composition layer), and nothing imports it.
 * It names exactly what the partner docs' "From code" sections use, with their option and result
 * types; test/package/package-install.test.ts imports the installed package and checks every name
 * the docs import from 'fleetcert' is here.
 */

// Reports for tool builders (docs/reports.md, "For tool builders").
export {
  buildReportModel,
  HtmlReporter,
  JsonReporter,
  JunitReporter,
  type Reporter,
  ReporterMultiplexer,
  type SealOptions,
  type SummaryReportEntry,
  sealResult,
  type VerifyOutcome,
  verifyReport,
  type WriteReportOptions,
  type WrittenReports,
  writeCertificationReports,
  writeSummaryReport,
} from '../reports/index.js';
export {
  type DeviceCertificationOutcome,
  type DeviceRunOptions,
  type DeviceRunTarget,
  type HubCertificationOptions,
  type HubCertificationOutcome,
  type HubUnderTest,
  runDeviceCertification,
  runHubCertification,
} from '../runs/index.js';
export {
  type BehaviourKind,
  type BehaviourPart,
  BehaviourRegistry,
  type PartContext,
  type PartPlan,
} from '../simulators/behaviours/index.js';
export { ManualClock } from '../simulators/clock/index.js';
export { type FaultPlan, parseFaultPlan } from '../simulators/faults/index.js';
export {
  type Fleet,
  type FleetFault,
  type FleetGroup,
  type FleetOptions,
  type FleetSummary,
  parseFleetFault,
  startFleet,
  startWorkerFleet,
  type TelemetryOptions,
  type WorkerFleetOptions,
} from '../simulators/fleet/index.js';

// Simulated devices and fleets (docs/simulators.md, "From code").
export {
  type DeviceRecordsView,
  type DeviceTransport,
  type PresenceCause,
  type ReceivedRecord,
  type Responsiveness,
  type RunDeviceOptions,
  type RunningDevice,
  runDevice,
  type SentMessage,
} from '../simulators/index.js';
// The embedded MQTT broker (docs/broker.md): `startEmbeddedBroker({ port, auth: createBrokerAuthPolicy({
// tokens: sharedTokenPolicy('T') }) })`, which a device certification can join (`existing`).
export {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
  sharedTokenPolicy,
  startEmbeddedBroker,
  tokenMapPolicy,
} from '../src/broker/index.js';
// Models: load and validate a model file (a reference model: `referenceModelPath('bulb')`).
export {
  type DeviceModel,
  type LoadedModel,
  loadModelFile,
  ModelFileError,
  ModelValidationError,
  parseModelText,
} from '../src/model/index.js';
export { FLEETCERT_VERSION, referenceModelPath, referenceModelTypes } from '../src/package/index.js';
// Certification runs (docs/certification.md, "From code").
export type { CertificationResult, HubCertificationResult } from '../src/result/index.js';
