import { it } from 'vitest';
import { runHubCertification } from '../support/hub-certification.js';

const faults = (process.env.FAULTS ?? '').split(',');
it('faults', async () => {
  for (const fault of faults) {
    const t = performance.now();
    const c = await runHubCertification({
      seed: Number(process.env.SEED ?? 1),
      runs: 60,
      fault: fault === 'none' ? undefined : fault,
    });
    const failed = c.result.requirements.filter((r) => r.verdict === 'failed');
    console.log(
      `FAULT ${fault} ${Math.round(performance.now() - t)}ms req=${c.result.requests} failed=${failed.map((r) => r.rule).join(',')} ` +
        failed
          .map((r) =>
            r.verdict === 'failed'
              ? `\n   ${r.rule}: ${r.counterexample.commands.join(' | ')}\n   ${r.counterexample.summary.slice(0, 600)}`
              : '',
          )
          .join(''),
    );
  }
}, 1_200_000);
