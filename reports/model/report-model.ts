/**
 * What a certification report shows, computed before any template runs. Templates receive
 * only this model and hold no logic beyond `each` and `if` (HOUSE.md, fleetcert 9): every
 * label, class name, formatted number and chart coordinate is decided here, where it is tested.
 */

import type { TextPart } from './format.js';

export type { TextPart } from './format.js';

export type Tone = 'pass' | 'fail' | 'skip' | 'neutral';

export interface ReportVerdict {
  readonly certified: boolean;
  /** `Certified` or `Not certified`. */
  readonly label: string;
  readonly tone: Tone;
  /** CSS class for the banner: `verdict verdict--pass` or `verdict verdict--fail`. */
  readonly className: string;
  /** One sentence under the label, e.g. `2 of 18 requirements failed: EDP-PROP-4 and EDP-NOTIFY-2.` */
  readonly headline: string;
}

/** A labelled value in the device and run details grid. */
export interface Fact {
  readonly label: string;
  readonly value: string;
  /** Shown in monospace (ids, hashes, seeds). */
  readonly mono: boolean;
  /** A short remark shown under the value, or null. */
  readonly note: string | null;
}

export interface StatTile {
  readonly label: string;
  readonly value: string;
  readonly className: string;
  /** A short qualifier under the label, or null. */
  readonly note: string | null;
}

/** One arrow (or harness remark) in a counterexample's message sequence chart. */
export interface SequenceRow {
  readonly step: number;
  /** `+12.5 ms` from the first message of the counterexample. */
  readonly offset: string;
  /** `t = 1,204.0 ms` since the run started, as recorded. */
  readonly absolute: string;
  /** `harness → device` or `device → harness`; empty for a harness note. */
  readonly direction: string;
  /** `msc-row msc-row--sent` and friends, plus `msc-row--flagged` where the device went wrong. */
  readonly className: string;
  /** A short title for the message: `set_properties #184467`, `result #184467`, `properties_changed`. */
  readonly title: string;
  readonly channel: string;
  /** The message as one line of JSON (or the raw text), truncated when very long. */
  readonly text: string;
  /** Its property items by name, `light.on (2.1) = false`, shown beside the JSON; null when none or no names known. */
  readonly properties: string | null;
  readonly flagged: boolean;
  readonly expected: string | null;
  readonly observed: string | null;
}

/** Who a lifeline of a hub run's chart stands for. */
export type LaneKind = 'app' | 'hub' | 'device';

export interface SequenceLane {
  /** `app-a#1`, `hub`, `bulb-0001`. */
  readonly name: string;
  readonly kind: LaneKind;
  /** `app connection`, `hub`, `device`. */
  readonly label: string;
  /** The lifeline's position across the chart, `12.5%`. */
  readonly x: string;
  readonly className: string;
}

/** A row of a multi-lane chart: the message, and the arrow between two lifelines (or a dot on one). */
export interface LaneRow extends SequenceRow {
  /** `marker`: the arrowhead, coloured like the message's direction. */
  readonly arrow: { readonly x1: string; readonly x2: string; readonly marker: 'sent' | 'received' } | null;
  /** A note on one party's lifeline. */
  readonly dot: string | null;
  /** The lane the entry happened at, or `harness`. */
  readonly party: string;
  /** A remark rather than a message: drawn as a dot (or across the chart) with its text. */
  readonly isNote: boolean;
}

/** A hub counterexample's chart: app connections, the hub, and the devices involved. */
export interface LaneChart {
  readonly lanes: readonly SequenceLane[];
  readonly rows: readonly LaneRow[];
}

export interface FailureDetail {
  readonly summary: string;
  readonly summaryParts: readonly TextPart[];
  readonly commands: readonly { readonly step: number; readonly text: string }[];
  /**
   * False for a failure with no commands and no messages (section 9's TLS checks, judged at the
   * socket): no command list, no message chart; the summary says it all.
   */
  readonly exchange: boolean;
  /** When there are no commands: what that means (the setup alone shows it) and what replays it; else null. */
  readonly noCommandsText: string | null;
  readonly sequence: readonly SequenceRow[];
  /** For a hub: the same messages on one lifeline per party; null for a device (two lanes). */
  readonly lanes: LaneChart | null;
  readonly replayCommand: string;
  /** The command's words, so the page wraps it between words only (never inside `--device-id`). */
  readonly replayWords: readonly { readonly text: string; readonly space: boolean }[];
  readonly seed: string;
  /** fast-check's replay path; null for checks that rerun with `--only` alone (no path to show). */
  readonly path: string | null;
  /** The rule this failure follows from (the replay is that rule's), else null. */
  readonly consequenceOf: string | null;
  /** False when the replay passed against the same device: the trace is the run as seen. */
  readonly reproduced: boolean;
  /** `Minimal command sequence`, or what the commands are when not reproduced or a consequence. */
  readonly commandsLabel: string;
  /** `Replay this failure`, or a warning that the replay did not reproduce it. */
  readonly replayLabel: string;
}

export interface RequirementRow {
  readonly rule: string;
  /** `rule-edp-prop-4`: an anchor the summary and the verdict banner link to. */
  readonly anchor: string;
  readonly statement: string;
  readonly statementParts: readonly TextPart[];
  /** `Applies to MQTT and WebSocket`: the rule cell's tooltip. */
  readonly bindings: string;
  readonly runs: string;
  readonly duration: string;
  readonly badge: { readonly label: string; readonly className: string };
  readonly className: string;
  /** The counterexample of a failed requirement, else null. */
  readonly failure: FailureDetail | null;
  /**
   * Why a requirement did not run, else null. `Does not apply` when its bindings exclude the
   * device's (a WebSocket rule on an MQTT device), `Not run` when the mode could not check it.
   */
  readonly notRun: { readonly label: string; readonly reason: readonly TextPart[] } | null;
  /** Failed requirements render as `<details>`, opened when there are few of them. */
  readonly open: boolean;
  /** Remarks on the verdict (a part of the rule this mode could not observe), each as text parts. */
  readonly notes: readonly (readonly TextPart[])[];
  /** `req__note req__note--info` on a passed rule (neutral), the amber `req__reason` style otherwise. */
  readonly noteClassName: string;
  /** The enumerated cases the run sent (EDP-RPC-4's malformed frames…), listed under a closed disclosure. */
  readonly cases: { readonly summary: string; readonly items: readonly string[] } | null;
}

export interface RequirementGroup {
  readonly title: string;
  readonly summary: string;
  readonly rows: readonly RequirementRow[];
}

export interface SvgRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

export interface SvgTick {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

export interface SvgMarker {
  readonly x: number;
  readonly y1: number;
  readonly y2: number;
  readonly labelX: number;
  readonly labelY: number;
  readonly label: string;
  readonly className: string;
}

/** Where a chart's data is drawn inside its SVG, in SVG units (axes and labels sit outside it). */
export interface PlotArea {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface LatencyChart {
  readonly width: number;
  readonly height: number;
  readonly plot: PlotArea;
  readonly bars: readonly SvgRect[];
  readonly xTicks: readonly SvgTick[];
  readonly yTicks: readonly SvgTick[];
  /** y of the horizontal grid lines behind the bars. */
  readonly gridLines: readonly number[];
  readonly markers: readonly SvgMarker[];
  readonly xLabel: string;
  readonly description: string;
}

export interface LatencySection {
  /** What is timed, under the card's title. */
  readonly subtitle: string;
  /** What the figures include that a reader would not assume (a hub's deliberate deadline waits), or null. */
  readonly note: string | null;
  readonly stats: readonly { readonly label: string; readonly value: string }[];
  /** Null when the run timed no responses. */
  readonly chart: LatencyChart | null;
  readonly emptyText: string;
}

export interface IntegrityView {
  readonly algorithm: string;
  readonly digest: string;
  /** `sha256:` + the digest, as stored in the meta tag. */
  readonly digestRef: string;
  readonly signed: boolean;
  readonly signatureText: string;
  readonly keyFingerprint: string | null;
}

/** Beside the verdict: what was certified (a device's id and model; a hub, its fleet and app tokens). */
export interface SubjectHeader {
  readonly kind: 'device' | 'hub';
  /** The heading of the facts card: `Device and run`, `Hub and run`. */
  readonly cardTitle: string;
  /** The harness's counterpart in a sequence chart: `device bulb-0001`, `hub ws://…`. */
  readonly peer: { readonly noun: string; readonly name: string };
  readonly lines: readonly { readonly term: string; readonly detail: string; readonly id: string | null }[];
}

/** The line in the top bar: when the run started, and a short form of the digest. */
export interface Masthead {
  readonly meta: string;
  readonly code: string | null;
}

export interface ReportModel {
  readonly title: string;
  readonly masthead: Masthead;
  readonly verdict: ReportVerdict;
  readonly subject: SubjectHeader;
  readonly stats: readonly StatTile[];
  readonly facts: readonly Fact[];
  /** Remarks a reviewer must not miss (extended deadlines, a partial `--only` run). */
  readonly notices: readonly string[];
  readonly counts: {
    readonly passed: number;
    readonly failed: number;
    readonly notRun: number;
    readonly total: number;
  };
  readonly groups: readonly RequirementGroup[];
  /** What the Runs and Time columns count, and what a "shared" time is when rules share one. */
  readonly requirementsNote: string;
  readonly failures: readonly {
    readonly rule: string;
    readonly anchor: string;
    readonly summaryParts: readonly TextPart[];
  }[];
  readonly latency: LatencySection;
  readonly integrity: IntegrityView | null;
  readonly generator: string;
}
