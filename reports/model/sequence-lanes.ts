/**
 * A hub counterexample as a sequence chart with one lifeline per party: each app connection
 * (in order of first appearance), the hub, then each device involved. An entry at an app
 * connection or a device is an arrow between it and the hub (TraceEntry.party); a note sits on
 * its party's lifeline, or across the chart for the harness. Positions are percentages in SVG
 * attributes, so the page draws them under its style-hash CSP without inline styles.
 */
import { type Counterexample, HUB_PARTY, type HubSubject } from '../../src/result/index.js';
import type { LaneChart, LaneKind, SequenceLane, SequenceRow } from './report-model.js';
import { buildSequenceRows } from './sequence-chart.js';

const percent = (value: number) => `${Math.round(value * 1000) / 1000}%`;

function laneOrder(counterexample: Counterexample, subject: HubSubject): { name: string; kind: LaneKind }[] {
  const devices = new Set(subject.fleet.map((d) => d.deviceId));
  const apps: string[] = [];
  const seenDevices: string[] = [];
  for (const { party } of counterexample.trace) {
    if (party === undefined || party === HUB_PARTY) continue;
    const list = devices.has(party) ? seenDevices : apps;
    if (!list.includes(party)) list.push(party);
  }
  return [
    ...apps.map((name) => ({ name, kind: 'app' as const })),
    { name: HUB_PARTY, kind: 'hub' as const },
    ...seenDevices.map((name) => ({ name, kind: 'device' as const })),
  ];
}

const LANE_LABEL: Readonly<Record<LaneKind, string>> = {
  app: 'app connection',
  hub: 'hub',
  device: 'device',
};

/** The chart, or null when the trace names no party (a device run's two-lane chart). */
export function buildLaneChart(counterexample: Counterexample, subject: HubSubject): LaneChart | null {
  if (!counterexample.trace.some((entry) => entry.party !== undefined)) return null;
  const order = laneOrder(counterexample, subject);
  const x = (index: number) => percent(((index + 0.5) / order.length) * 100);
  const lanes: SequenceLane[] = order.map((lane, index) => ({
    ...lane,
    label: LANE_LABEL[lane.kind],
    x: x(index),
    className: `msc-lane msc-lane--${lane.kind}`,
  }));
  const indexOf = new Map(order.map((lane, index) => [lane.name, index]));
  const hub = indexOf.get(HUB_PARTY) ?? 0;
  const rows: SequenceRow[] = buildSequenceRows(counterexample);
  return {
    lanes,
    rows: counterexample.trace.map((entry, i) => {
      const row = rows[i]!;
      const at = entry.party === undefined ? undefined : indexOf.get(entry.party);
      if (at === undefined || entry.direction === 'note' || at === hub)
        return {
          ...row,
          arrow: null,
          dot: at === undefined ? null : x(at),
          party: entry.party ?? 'harness',
          isNote: true,
        };
      const [from, to] = entry.direction === 'sent' ? [at, hub] : [hub, at];
      return {
        ...row,
        arrow: { x1: x(from), x2: x(to), marker: entry.direction },
        dot: null,
        party: entry.party ?? 'harness',
        isNote: false,
      };
    }),
  };
}
