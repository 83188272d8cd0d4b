import { readFile } from 'node:fs/promises';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { isNamespace, k8sManifests, k8sManifestsYaml, resourceName } from './manifests.js';

describe('Kubernetes manifests', () => {
  it('validate against the Kubernetes API schema (kubernetes-models)', async () => {
    const scenarioText = await readFile('fixtures/scenarios/soak-10k.yaml', 'utf8');
    const [configMap, job] = k8sManifests({
      scenarioText,
      scenarioName: 'soak-10k',
      shards: 4,
      image: 'registry.example/fleetcert:0.1.0',
      namespace: 'load',
      tokenSecret: 'cloud-token',
    });
    expect(() => new ConfigMap(configMap as never).validate()).not.toThrow();
    expect(() => new Job(job as never).validate()).not.toThrow();
    const spec = (job as { spec: Record<string, unknown> }).spec;
    expect(spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 4,
      parallelism: 4,
      backoffLimit: 0,
    });
    expect((configMap as { data: Record<string, string> }).data['scenario.yaml']).toBe(scenarioText);
    const container = (spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec
      .containers[0];
    expect(container?.args).toEqual(
      expect.arrayContaining(['--shards', '4', '--result-to-stdout', '--token', '$(FLEETCERT_TOKEN)']),
    );
  });

  it('a broken manifest does fail validation (the check is real)', () => {
    const [, job] = k8sManifests({ scenarioText: 'x', scenarioName: 's', shards: 2, image: 'i' });
    const broken = structuredClone(job) as { spec: Record<string, unknown> };
    broken.spec.completionMode = 'Sometimes';
    expect(() => new Job(broken as never).validate()).toThrow();
  });

  it('writes one YAML file whose documents are the manifests, with the run and collect commands', () => {
    const text = k8sManifestsYaml({
      scenarioText: 'name: smoke\n',
      scenarioName: 'smoke',
      shards: 3,
      image: 'img',
    });
    const docs = parseAllDocuments(text).map((doc) => doc.toJSON());
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'Job']);
    expect(text).toContain('kubectl logs -l job-name=fleetcert-load-smoke --tail=-1');
    expect(text).toContain('fleetcert load merge');
    expect(parse(docs[0].data['scenario.yaml'])).toEqual({ name: 'smoke' });
  });

  it('the example in deploy/k8s validates and is what the generator writes today', async () => {
    const example = await readFile('deploy/k8s/fleetcert-load-soak-10k.yaml', 'utf8');
    const [configMap, job] = parseAllDocuments(example).map((doc) => doc.toJSON());
    expect(() => new ConfigMap(configMap).validate()).not.toThrow();
    expect(() => new Job(job).validate()).not.toThrow();
    const regenerated = k8sManifestsYaml({
      scenarioText: await readFile('fixtures/scenarios/soak-10k.yaml', 'utf8'),
      scenarioName: 'soak-10k',
      shards: 4,
      image: 'registry.example/fleetcert:0.1.0',
      tokenSecret: 'fleetcert-load-token',
      extraArgs: ['--broker', 'mqtts://mqtt.cloud.example:8883'],
    });
    // Regenerate with: fleetcert load k8s fixtures/scenarios/soak-10k.yaml --shards 4 --image registry.example/fleetcert:0.1.0 --broker mqtts://mqtt.cloud.example:8883 --token-secret fleetcert-load-token
    expect(example).toBe(regenerated);
  });

  it('a scenario name cannot add documents: the file parses to exactly the ConfigMap and the Job (issue 19)', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pwn\nspec:\n  hostPID: true\n  containers:\n  - name: x\n    image: alpine\n    securityContext:\n      privileged: true\n';
    for (const brk of ['\n', '\r', '\r\n', '\u0085', '\u2028', '\u2029']) {
      const scenarioName = `smoke"${brk}---${brk}${pod.replaceAll('\n', brk)}---${brk}# `;
      const text = k8sManifestsYaml({ scenarioText: 'name: smoke\n', scenarioName, shards: 2, image: 'img' });
      const documents = parseAllDocuments(text);
      expect(documents.every((doc) => doc.errors.length === 0)).toBe(true);
      expect(documents.map((doc) => doc.toJSON().kind)).toEqual(['ConfigMap', 'Job']);
      expect(text).not.toContain('hostPID: true\n');
      // The name is still shown, escaped, in the header comment.
      expect(text.split('\n')[0]).toMatch(/^# fleetcert load: scenario "smoke\\"/);
    }
  });

  it('a Kubernetes namespace must be a DNS label', () => {
    expect(isNamespace('load')).toBe(true);
    expect(isNamespace('team-a-load')).toBe(true);
    for (const bad of ['', 'Load', 'a\n---\nkind: Pod', '-a', 'a-', 'x'.repeat(64)])
      expect(isNamespace(bad)).toBe(false);
  });

  it('makes DNS-safe names', () => {
    expect(resourceName('Soak 10k!')).toBe('fleetcert-load-soak-10k');
    expect(resourceName('x'.repeat(100)).length).toBeLessThanOrEqual(52);
  });
});
