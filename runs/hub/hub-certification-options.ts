/** What a hub certification run is given: the hub under test, its fleet, the judge's settings and limits. */
import type { HubCertification } from '../../conformance/certify/index.js';
import type { HubCertifyConfig } from '../../conformance/suites/hub/index.js';
import type { HubConfig } from '../../src/hub/index.js';
import type { Logger } from '../../src/log/index.js';
import type { HubFleetGroup } from './hub-fleet.js';

export type HubUnderTest =
  | {
      readonly kind: 'hub-command';
      /** Program and arguments, from splitHubCommand; `--config FILE` is appended. */
      readonly command: readonly string[];
      /** How the report names it (the command as the user wrote it). */
      readonly display: string;
      readonly cwd?: string;
      readonly env?: Readonly<Record<string, string | undefined>>;
      /** Default 30 s (section 8). */
      readonly readyTimeoutMs?: number;
    }
  | {
      readonly kind: 'hub-url';
      /** `ws://HOST:PORT/edp/1/hub`. */
      readonly url: string;
      /** The configuration the hub was started with (tokens, grants, broker, ws_devices). */
      readonly config: HubConfig;
    };

/** The judge: `certifyHub` of conformance/certify/certify-hub.ts, or a stand-in in tests. */
export type HubJudge = (
  config: HubCertifyConfig & { readonly mode?: 'hub-command' | 'hub-url'; readonly signal?: AbortSignal },
) => Promise<HubCertification>;

export interface HubCertificationOptions {
  readonly hub: HubUnderTest;
  /** The fleet's groups: reference types or partner models, over MQTT. */
  readonly fleet: readonly HubFleetGroup[];
  /** WebSocket devices added to the fleet and to `ws_devices` (opt-in: many hubs are MQTT only). */
  readonly wsDevices?: number;
  /** The user's broker (`--broker`); absent: the embedded one, the hub logging in as `controller:hub`. */
  readonly brokerUrl?: string;
  /** MQTT devices' password on the user's broker (none when absent). */
  readonly deviceToken?: string;
  /** The hub's `controller:hub` password on the user's broker (none when absent). */
  readonly hubBrokerPassword?: string;
  /** D of EDP-HUB-2 written into the configuration (`--hub-command`). Default 2000 ms. */
  readonly deadlineMs?: number;
  readonly seed: number;
  readonly runs: number;
  readonly replay?: HubCertifyConfig['replay'];
  readonly only?: HubCertifyConfig['only'];
  readonly maxCommands?: number;
  readonly shrinkTimeLimitMs?: number;
  /** The app sessions' own limit (results so far kept). Default: the judge's. */
  readonly sessionTimeLimitMs?: number;
  /** The whole run, every task included. Default 10 minutes. */
  readonly runDeadlineMs?: number;
  readonly toolVersion: string;
  /** Where the reports go; absent: the result is returned, nothing written. */
  readonly outDir?: string;
  readonly replayCommand?: HubCertifyConfig['replayCommand'];
  readonly onProgress?: HubCertifyConfig['onProgress'];
  /** After the hub exits mid-run, how long the judge may take to hand over the verdicts it has. Default 20 s. */
  readonly hubExitGraceMs?: number;
  /** Once the run is stopped (abort, deadline), how long the judge may take to hand over its verdicts. Default 15 s. */
  readonly judgeSettleMs?: number;
  /** Aborting stops the run (SIGINT at the CLI): the verdicts so far are written, teardowns still run. */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  readonly judge?: HubJudge;
}
