/** Fleet records and controls: what each device received and sent, and how it answers (hub certification's judge). */
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_RECORDS,
  DeviceRecorder,
  type RecordingOptions,
} from './device-recorder.js';
export { otherValidValue, ownNotification } from './own-notification.js';
export type { DeviceRecordsView, ReceivedRecord, Responsiveness, SentMessage } from './records.js';
