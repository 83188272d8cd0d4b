/**
 * The shipped Grafana dashboard (deploy/grafana) watches what `fleetcert load --metrics` really
 * serves: a tiny load runs with --metrics, the endpoint is scraped while it runs, and every
 * metric name a panel's query uses (histograms by their `_bucket` series) and every label it
 * selects or groups by is in what was scraped. The provisioning files point at the dashboard
 * and the data source uid the panels use.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { freePort } from '../support/ports.js';
import { type PromSample, scrape } from '../support/prometheus-text.js';
import { runCli } from './cli.js';
import { writeScenario } from './scenario.js';

interface Panel {
  readonly title: string;
  readonly datasource: { readonly uid: string };
  readonly targets: readonly { readonly expr: string }[];
}
const DASHBOARD = JSON.parse(readFileSync('deploy/grafana/dashboards/fleetcert-load.json', 'utf8')) as {
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly { readonly query: { readonly query: string } }[] };
};
const exprs = [
  ...DASHBOARD.panels.flatMap((p) => p.targets.map((t) => t.expr)),
  ...DASHBOARD.templating.list.map((v) => v.query.query),
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let mosquitto: RunningMosquitto;
let served: PromSample[] = [];

beforeAll(async () => {
  mosquitto = await startMosquitto();
  const scenario = await writeScenario({ broker: { url: mosquitto.url }, idPrefix: 'graf-' });
  const out = await mkdtemp(join(tmpdir(), 'fleetcert-grafana-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/metrics`;
  const running = runCli(['load', scenario, '--metrics', String(port), '--out', out, '--log-level', 'warn']);
  let exited = false;
  void running.then(() => {
    exited = true;
  });
  // The union of everything scraped during the run (a series may appear only once traffic flows).
  while (!exited) {
    const samples = await scrape(url);
    if (samples) served = [...served, ...samples];
    await sleep(200);
  }
  const run = await running;
  expect(run.code, run.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await mosquitto?.stop();
});

describe('deploy/grafana: the dashboard for --metrics', () => {
  it('has panels, each with a query on the provisioned Prometheus data source', () => {
    const datasource = readFileSync('deploy/grafana/provisioning/datasources/prometheus.yml', 'utf8');
    const uid = /uid: (\S+)/.exec(datasource)?.[1];
    expect(DASHBOARD.panels.length).toBeGreaterThanOrEqual(8);
    for (const panel of DASHBOARD.panels) {
      expect(panel.datasource.uid, panel.title).toBe(uid);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
    }
    const provider = readFileSync('deploy/grafana/provisioning/dashboards/fleetcert.yml', 'utf8');
    const compose = readFileSync('deploy/grafana/docker-compose.yml', 'utf8');
    expect(provider).toContain('path: /var/lib/grafana/dashboards');
    expect(compose).toContain('./dashboards:/var/lib/grafana/dashboards');
  });

  it('references only metric names the endpoint serves', () => {
    expect(served.length).toBeGreaterThan(0);
    const names = new Set(served.map((s) => s.name));
    const used = new Set(exprs.flatMap((e) => e.match(/\bfleetcert_[a-z_]+/g) ?? []));
    expect(used.size).toBeGreaterThanOrEqual(12);
    const missing = [...used].filter((name) => !names.has(name));
    expect(missing).toEqual([]);
  });

  it('selects and groups only by labels the served series carry', () => {
    const labelsOf = new Map<string, Set<string>>();
    for (const sample of served) {
      const set = labelsOf.get(sample.name) ?? new Set<string>();
      for (const label of Object.keys(sample.labels)) set.add(label);
      labelsOf.set(sample.name, set);
    }
    for (const expr of exprs) {
      for (const match of expr.matchAll(/\b(fleetcert_[a-z_]+)\{([^}]*)\}/g)) {
        const labels = [...(match[2] as string).matchAll(/([a-z_]+)=~?"/g)].map((m) => m[1] as string);
        for (const label of labels)
          expect(labelsOf.get(match[1] as string)?.has(label), `${match[1]} ${label}`).toBe(true);
      }
      for (const match of expr.matchAll(/by \(([^)]*)\) \((?:rate\()?(fleetcert_[a-z_]+)/g)) {
        for (const label of (match[1] as string).split(',').map((l) => l.trim())) {
          if (label === 'le') continue;
          expect(labelsOf.get(match[2] as string)?.has(label), `${match[2]} by ${label}`).toBe(true);
        }
      }
    }
  });
});
