/**
 * The words of `npm start`'s certification demo; the run itself is runs/demo-certification.ts.
 */
import type { DemoCertificationOutcome } from '../../runs/index.js';

export type { DemoCertificationConfig } from '../../runs/index.js';

/** The closing text of the demo: one line per device, then where the reports are. */
export function demoSummaryText(outcome: DemoCertificationOutcome): string {
  const lines = outcome.certifications.map(({ deviceId, result, htmlPath }) => {
    const verdict =
      result.verdict === 'certified'
        ? 'CERTIFIED    '
        : result.verdict === 'partial'
          ? 'PARTIAL      '
          : 'NOT CERTIFIED';
    const { passed, failed, notRun } = result.counts;
    return `  ${verdict} ${deviceId.padEnd(15)} ${(result.subject.kind === 'device' ? result.subject.modelId : 'hub').padEnd(22)} ${passed} passed, ${failed} failed, ${notRun} not run — ${htmlPath}`;
  });
  const seed = outcome.certifications[0]?.result.seed;
  return [
    '',
    `fleetcert demo: three reference simulators and the reference hub certified (seed ${seed}):`,
    ...lines,
    '',
    `Summary report: ${outcome.summaryPath}`,
    // `fleetcert` is what a partner has (the installed package's bin), not this repository's npm scripts.
    'Next: certify your own device with `npx fleetcert certify --help`, your hub with `npx fleetcert certify hub --help`; `npx fleetcert start --serve` keeps the demo devices running.',
    '',
  ].join('\n');
}
