import { it } from 'vitest';
import { resolveHubTimeouts } from '../../conformance/suites/hub/hub-certify-config.js';
import { HubSession } from '../../conformance/suites/hub/hub-session.js';
import { startHubBench } from '../support/hub-certification.js';

it('silent', async () => {
  const bench = await startHubBench({ grantSeed: 1, fault: process.env.FAULT });
  try {
    const ctx = {
      hubUrl: bench.hubUrl,
      apps: bench.plan.apps,
      unknownToken: bench.plan.unknownToken,
      deadlineMs: bench.deadlineMs,
      fleet: bench.fleet,
      timeouts: resolveHubTimeouts(),
      stats: { requests: 0, latenciesMs: [] },
    };
    const s = new HubSession(ctx);
    bench.fleet.setResponsiveness('tv-0001', { kind: 'silent' });
    await s.request(
      'app-b#1',
      'devices.get_model',
      { deviceId: 'tv-0001' },
      { kind: 'device-command', deviceId: 'tv-0001', method: 'get_model', deviceParams: undefined },
      'x',
    );
    const { record, judgement } = await s.finish(Number.POSITIVE_INFINITY);
    console.log(
      JSON.stringify(
        {
          frames: record.frames,
          v: judgement.violations,
          recv: bench.fleet.records('tv-0001').received.slice(-2),
          sent: bench.fleet.records('tv-0001').sent.slice(-2),
        },
        null,
        1,
      ).slice(0, 3000),
    );
    await s.close();
  } finally {
    await bench.stop();
  }
}, 60000);
