/**
 * Live progress of a running fleet: one rewritten line on a terminal, a pino line every few
 * seconds otherwise (CI logs), and a summary at the end. The text is made by pure functions;
 * the reporter only samples counts on a timer and writes.
 */
import type { Logger } from '../../src/log/index.js';
import type { FleetCounts, FleetHandle, FleetSummary } from './types.js';

export interface Rates {
  /** First connections per second over the last interval. */
  readonly connectsPerSecond: number;
  readonly framesPerSecond: number;
  readonly telemetryPerSecond: number;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const devices = (x: number): string => `${n(x)} ${x === 1 ? 'device' : 'devices'}`;

export function ratesBetween(before: FleetCounts, after: FleetCounts, seconds: number): Rates {
  const per = (key: keyof FleetCounts) => (seconds > 0 ? (after[key] - before[key]) / seconds : 0);
  return {
    connectsPerSecond: per('everConnected'),
    framesPerSecond: per('framesServed'),
    telemetryPerSecond: per('telemetryNotifications'),
  };
}

/** `fleet 12,345/19,000 connected (65 %) · 2,153/s · 256 connecting · 0 errors · …` */
export function progressLine(counts: FleetCounts, rates: Rates): string {
  const share = counts.target > 0 ? Math.floor((counts.connected * 100) / counts.target) : 0;
  const parts = [
    `fleet ${n(counts.connected)}/${n(counts.target)} connected (${share} %)`,
    `${n(rates.connectsPerSecond)}/s`,
    `${n(counts.connecting)} connecting`,
    `${n(counts.errors)} errors`,
  ];
  if (counts.reconnects > 0) parts.push(`${n(counts.reconnects)} reconnects`);
  if (counts.framesServed > 0) parts.push(`${n(rates.framesPerSecond)} req/s`);
  if (counts.telemetrySteps > 0) parts.push(`telemetry ${n(rates.telemetryPerSecond)} msg/s`);
  return parts.join(' · ');
}

export function summaryLines(summary: FleetSummary): string[] {
  const connected =
    summary.allConnectedMs === undefined
      ? `${n(summary.everConnected)}/${devices(summary.target)} connected at least once (not all)`
      : `${devices(summary.target)} connected in ${(summary.allConnectedMs / 1000).toFixed(2)} s (${n(summary.connectRate)}/s)`;
  return [
    'fleet summary',
    `  ${connected}`,
    `  ran ${(summary.runMs / 1000).toFixed(1)} s; ${devices(summary.stoppedGracefully)} went offline gracefully`,
    `  ${n(summary.errors)} errors, ${n(summary.disconnects)} disconnects, ${n(summary.reconnects)} reconnects`,
    `  ${n(summary.framesServed)} requests served, ${n(summary.telemetryNotifications)} telemetry notifications`,
  ];
}

export interface ProgressOptions {
  /** A terminal gets the rewritten line; anything else pino lines. */
  readonly tty: boolean;
  readonly stream: NodeJS.WritableStream;
  readonly logger: Logger;
  /** How often the terminal line is redrawn (default 250 ms). */
  readonly ttyIntervalMs?: number;
  /** How often a pino line is written (default 5 s). */
  readonly logIntervalMs?: number;
}

/** Start reporting; call the returned function to stop (it clears the terminal line). */
export function reportProgress(fleet: FleetHandle, options: ProgressOptions): () => void {
  const intervalMs = options.tty ? (options.ttyIntervalMs ?? 250) : (options.logIntervalMs ?? 5_000);
  let before = fleet.counts();
  let at = performance.now();
  const tick = () => {
    const now = performance.now();
    const counts = fleet.counts();
    const rates = ratesBetween(before, counts, (now - at) / 1000);
    before = counts;
    at = now;
    if (options.tty) options.stream.write(`\r\x1b[2K${progressLine(counts, rates)}`);
    else
      options.logger.info(
        { ...counts, connectsPerSecond: Math.round(rates.connectsPerSecond) },
        progressLine(counts, rates),
      );
  };
  const timer = setInterval(tick, intervalMs);
  return () => {
    clearInterval(timer);
    if (options.tty) options.stream.write('\r\x1b[2K');
  };
}
