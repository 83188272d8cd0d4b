import { expect, it } from 'vitest';
import { runHubCertification } from '../support/hub-certification.js';

it('try', async () => {
  const c = await runHubCertification({ seed: 1, runs: 10 });
  for (const r of c.result.requirements)
    console.log(
      r.rule,
      r.verdict,
      r.verdict === 'failed'
        ? JSON.stringify({ cmds: r.counterexample.commands, s: r.counterexample.summary })
        : r.verdict === 'not-run'
          ? r.reason
          : '',
    );
  console.log('requests', c.result.requests, c.result.durationMs);
}, 300_000);
