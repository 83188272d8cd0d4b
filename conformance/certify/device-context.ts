/** What the device suites share in one certification, beyond every suite's context. */
import type { WsFrame } from '../../src/transport/ws/index.js';
import type { HarnessContext } from '../harness/harness-context.js';
import type { CertifyConfig, ResolvedTiming } from '../settings/certify-config.js';
import type { BindingCheckRun } from '../suites/binding/binding-check-run.js';
import type { ConnectedTarget } from './connect-target.js';
import type { SuiteContext } from './suite.js';

export interface DeviceSuiteContext extends SuiteContext {
  readonly config: CertifyConfig;
  readonly target: ConnectedTarget;
  readonly harness: HarnessContext;
  readonly timing: ResolvedTiming;
  /** A new scripted scenario; its requests count in the result. */
  scenario(): BindingCheckRun;
  /** EDP-MQTT-1's scenario: the presence check writes it and the reconnect check adds to it. */
  readonly presence: BindingCheckRun;
  /** What the device showed on arrival (presence or the first WebSocket frame). */
  readonly firstContact: {
    /** The first frame on the certification connection (WebSocket), when one came in time. */
    hello?: WsFrame;
    firmware?: string;
    /** What EDP-MQTT-2's kept-state property held as the device came online, before anything wrote it. */
    firstOnline?: { readonly value: unknown };
  };
}
