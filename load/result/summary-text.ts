/** The text `fleetcert load` prints at the end: verdicts first (what CI readers need), then figures. */
import { escapeControl } from '../../src/index.js';
import { counterValue } from '../measure/counters.js';
import { decodeHistogram, summarize } from '../measure/histogram.js';
import { formatLatencyText } from '../thresholds/evaluate.js';
import type { LoadResult } from './types.js';

export function formatLoadSummary(result: LoadResult): string {
  const lines: string[] = [];
  const shards =
    result.shards.count > 1
      ? ` (shard${result.shards.included.length > 1 ? 's' : ''} ${result.shards.included.join(', ')} of ${result.shards.count})`
      : '';
  lines.push(`fleetcert load: ${result.scenario.name}${shards}`);
  const c = result.counters;
  const rpc = summarize(decodeHistogram(result.histograms.rpc));
  const notify = summarize(decodeHistogram(result.histograms.notify));
  const connect = summarize(decodeHistogram(result.histograms.connect));
  const latency = (s: ReturnType<typeof summarize>) =>
    s
      ? `p50 ${formatLatencyText(s.p50Ms)}  p99 ${formatLatencyText(s.p99Ms)}  max ${formatLatencyText(s.maxMs)}`
      : 'nothing measured';
  if (c.hub && result.histograms.hub) {
    const h = c.hub;
    const rtt = summarize(decodeHistogram(result.histograms.hub));
    lines.push(`  devices   ${result.devices.planned} behind the hub`);
    lines.push(
      `  commands  ${h.sent} sent, ${h.answered} answered, ${h.lost} lost, ${h.duplicated} answered twice, ${h.wrong} wrong, ${h.misdelivered} to the wrong device, ${h.wrongApp} to the wrong app, ${h.forwardedTwice} forwarded twice; -4010 ${h.offline}, -4011 ${h.timeout}, -4013 ${h.busy}, other hub errors ${h.refused}; rtt ${latency(rtt)}`,
    );
    lines.push(
      `  notify    ${c.notify.published} due to subscribers, ${c.notify.delivered} delivered, ${counterValue(c, 'notify', 'lost')} lost, ${c.notify.duplicated} duplicated, ${c.notify.reordered} out of order, ${c.notify.leaked} leaked; fan-out ${latency(notify)}`,
    );
  } else {
    lines.push(
      `  devices   ${result.devices.planned} planned, ${c.connect.count} connections made, ${c.connect.failed} failed, ${c.connect.disconnects} lost, ${c.connect.reconnects} reconnects; connect ${latency(connect)}`,
    );
    lines.push(
      `  requests  ${c.rpc.sent} sent, ${c.rpc.answered} answered, ${c.rpc.lost} lost, ${c.rpc.duplicated} duplicated, ${c.rpc.redelivered ?? 0} redelivered (QoS 1), ${c.rpc.wrong} wrong, ${c.rpc.misdelivered} misdelivered, ${c.rpc.unavailable} not sent (device down); ${latency(rpc)}`,
    );
    lines.push(
      `  telemetry ${c.notify.published} published, ${c.notify.delivered} delivered, ${counterValue(c, 'notify', 'lost')} lost, ${c.notify.duplicated} duplicated, ${c.notify.redelivered ?? 0} redelivered (QoS 1), ${c.notify.reordered} reordered; ${latency(notify)}`,
    );
  }
  for (const note of result.notes) lines.push(`  note: ${note}`);
  if (result.thresholds.length === 0) lines.push('  no thresholds set');
  for (const verdict of result.thresholds) {
    lines.push(`  ${verdict.holds ? '✔' : '✘'} ${verdict.threshold}  measured ${verdict.measuredText}`);
  }
  const failed = result.thresholds.filter((t) => !t.holds);
  lines.push(
    result.thresholds.length === 0
      ? 'verdict: no thresholds'
      : failed.length === 0
        ? `verdict: PASSED, all ${result.thresholds.length} thresholds hold`
        : `verdict: FAILED, ${failed.length} of ${result.thresholds.length} thresholds failed: ${failed.map((t) => `${t.threshold} (measured ${t.measuredText})`).join('; ')}`,
  );
  // The scenario's name and notes come from its file: control characters are escaped.
  return `${lines.map(escapeControl).join('\n')}\n`;
}
