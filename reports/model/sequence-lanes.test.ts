import { describe, expect, it } from 'vitest';
import type { Counterexample, HubSubject } from '../../src/result/certification-result.js';
import { loadResultFixture } from '../../test/support/reports/fixtures.js';
import { buildLaneChart } from './sequence-lanes.js';

async function hubFixture() {
  const result = await loadResultFixture('hub-failing');
  if (result.subject.kind !== 'hub') throw new Error('hub-failing is a hub result');
  const hub3 = result.requirements.find((r) => r.rule === 'EDP-HUB-3');
  if (hub3?.verdict !== 'failed') throw new Error('EDP-HUB-3 fails in the fixture');
  return { subject: result.subject, counterexample: hub3.counterexample };
}

describe('buildLaneChart', () => {
  it('draws app connections in order of appearance, then the hub, then the devices involved', async () => {
    const { subject, counterexample } = await hubFixture();
    const chart = buildLaneChart(counterexample, subject);
    expect(chart?.lanes.map((l) => [l.name, l.kind, l.x])).toEqual([
      ['app-a#1', 'app', '12.5%'],
      ['app-b#1', 'app', '37.5%'],
      ['hub', 'hub', '62.5%'],
      ['bulb-0001', 'device', '87.5%'],
    ]);
  });

  it('draws an app’s request towards the hub, its answer back, a device’s notification towards the hub, and notes on their lane', async () => {
    const { subject, counterexample } = await hubFixture();
    const rows = buildLaneChart(counterexample, subject)?.rows ?? [];
    expect(rows).toHaveLength(counterexample.trace.length);
    const [note, request, response] = rows;
    expect(note).toMatchObject({ isNote: true, arrow: null, dot: null, party: 'harness' });
    expect(request).toMatchObject({
      arrow: { x1: '12.5%', x2: '62.5%', marker: 'sent' },
      direction: 'app-a#1 → hub',
    });
    expect(response).toMatchObject({
      arrow: { x1: '62.5%', x2: '12.5%', marker: 'received' },
      direction: 'hub → app-a#1',
    });
    expect(rows[6]).toMatchObject({ isNote: true, dot: '87.5%', party: 'bulb-0001' });
    expect(rows[7]).toMatchObject({ arrow: { x1: '87.5%', x2: '62.5%' }, direction: 'bulb-0001 → hub' });
    expect(rows[9]).toMatchObject({ flagged: true, party: 'app-b#1', arrow: { x1: '62.5%', x2: '37.5%' } });
  });

  it('puts a device the fleet holds on the device side even when it appears before any app', () => {
    const subject: HubSubject = {
      kind: 'hub',
      target: 'hub',
      hubUrl: 'ws://127.0.0.1:1/edp/1/hub',
      fleet: [{ deviceId: 'tv-0001', modelId: 'fleetcert.tv.v1', binding: 'ws' }],
      apps: [{ name: 'app-a', devices: '*' }],
      deadlineMs: 2000,
    };
    const counterexample: Counterexample = {
      commands: [],
      summary: 'x',
      trace: [
        { atMs: 1, direction: 'sent', party: 'tv-0001', channel: 'ws', message: {} },
        { atMs: 2, direction: 'received', party: 'app-a#2', channel: 'ws', message: {} },
      ],
    };
    expect(buildLaneChart(counterexample, subject)?.lanes.map((l) => l.name)).toEqual([
      'app-a#2',
      'hub',
      'tv-0001',
    ]);
  });

  it('gives no lane chart for a trace that names no party (a device run)', async () => {
    const { subject } = await hubFixture();
    const device = await loadResultFixture('failing');
    const failed = device.requirements.find((r) => r.verdict === 'failed');
    if (failed?.verdict !== 'failed') throw new Error('the failing fixture fails');
    expect(buildLaneChart(failed.counterexample, subject)).toBeNull();
  });
});
