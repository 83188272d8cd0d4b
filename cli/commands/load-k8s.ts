/**
 * `fleetcert load k8s SCENARIO --shards N --image IMAGE`: a ConfigMap with the scenario and an
 * Indexed Job that runs it in N shards (docs/load.md, section Kubernetes).
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  isNamespace,
  k8sManifestsYaml,
  parseScenarioText,
  resolveScenario,
  resourceName,
  scenarioTooLarge,
} from '../../load/index.js';
import { INPUT_LIMITS, printable, readTextFileWithin, UsageError } from '../../src/index.js';
import type { CommandArgs } from '../context.js';
import { FLEETCERT_VERSION } from '../edge.js';

/** The image the Dockerfile builds for this version (`docker build -t fleetcert:<version> .`). */
export const DEFAULT_IMAGE = `fleetcert:${FLEETCERT_VERSION}`;

interface K8sArgs extends CommandArgs {
  readonly scenario: string;
  readonly shards: number;
  readonly image: string;
  readonly out: string;
  readonly broker?: string;
  readonly namespace?: string;
  readonly tokenSecret?: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly arg?: string[];
}

export const k8sCommand: CommandModule<object, K8sArgs> = {
  command: 'k8s <scenario>',
  describe: 'Write Kubernetes manifests (ConfigMap + Indexed Job) that run the scenario in N shards',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .positional('scenario', {
        type: 'string',
        demandOption: true,
        describe: 'Scenario file (YAML or JSON)',
      })
      .option('shards', { type: 'number', demandOption: true, describe: 'Number of shards (pods)' })
      .option('image', {
        type: 'string',
        default: DEFAULT_IMAGE,
        describe: 'Container image with fleetcert: the Dockerfile builds it as fleetcert:<version>',
      })
      .option('out', { type: 'string', default: 'deploy/k8s', describe: 'Folder for the manifest file' })
      .option('broker', {
        type: 'string',
        describe: 'Broker URL the shards use (as `fleetcert load --broker`)',
      })
      .option('namespace', { type: 'string', describe: 'Namespace of the ConfigMap and Job' })
      .option('token-secret', { type: 'string', describe: 'Secret whose key `token` is passed as --token' })
      .option('cpu', { type: 'string', describe: 'CPU request per shard (default 1)' })
      .option('memory', { type: 'string', describe: 'Memory request and limit per shard (default 1Gi)' })
      .option('arg', {
        type: 'string',
        array: true,
        describe: 'Extra argument for every shard, e.g. --arg=--broker --arg=mqtts://cloud:8883',
      })
      .example(
        '$0 load k8s fixtures/scenarios/soak-10k.yaml --shards 4 --image registry.example/fleetcert:0.1.0',
        'Four pods',
      )
      .epilogue(
        'Apply, wait, collect and merge: docs/load.md (section Kubernetes).',
      ) as unknown as Argv<K8sArgs>,
  handler: async (argv: ArgumentsCamelCase<K8sArgs>) => {
    if (!Number.isInteger(argv.shards) || argv.shards < 1)
      throw new UsageError(`--shards ${argv.shards}: give a whole number of shards, at least 1`);
    if (argv.namespace !== undefined && !isNamespace(argv.namespace))
      throw new UsageError(
        `--namespace ${JSON.stringify(printable(argv.namespace, 80))}: a namespace is a DNS label (a-z, 0-9 and -, at most 63 characters)`,
      );
    const read = await readTextFileWithin(argv.scenario, INPUT_LIMITS.scenarioFileBytes).catch(
      (error: Error) => {
        throw new UsageError(`cannot read scenario ${argv.scenario}: ${error.message}`);
      },
    );
    if (!read.ok) throw scenarioTooLarge(argv.scenario, read.size);
    const text = read.text;
    // Validate before writing manifests that would only fail in the cluster.
    const scenario = resolveScenario(
      parseScenarioText(text, argv.scenario),
      argv.scenario,
      { broker: argv.broker },
      '.',
      text,
    );
    if (
      scenario.fleet.some((entry) => entry.model) ||
      scenario.broker.ca ||
      scenario.tokens.devices.kind === 'file'
    ) {
      process.stderr.write(
        'note: the scenario names files (model, CA or token file); mount them in the pod at the same paths.\n',
      );
    }
    const yaml = k8sManifestsYaml({
      scenarioText: text,
      scenarioName: scenario.name,
      shards: argv.shards,
      image: argv.image,
      namespace: argv.namespace,
      tokenSecret: argv.tokenSecret,
      cpu: argv.cpu,
      memory: argv.memory,
      extraArgs: [...(argv.broker ? ['--broker', argv.broker] : []), ...(argv.arg ?? [])],
    });
    await mkdir(argv.out, { recursive: true });
    const path = join(argv.out, `${resourceName(scenario.name)}.yaml`);
    await writeFile(path, yaml);
    process.stdout.write(
      `wrote ${path}\n${yaml
        .split('\n')
        .filter((line) => line.startsWith('#   '))
        .map((line) => line.slice(4))
        .join('\n')}\n`,
    );
  },
};
