/**
 * What a run needs from disk before it starts: each fleet entry's model (a reference type
 * from fixtures/models/, or the scenario's model file), the device tokens, the broker's CA.
 * Every failure names the file and the fix; nothing here runs once the load has begun.
 */

import { parseTokenFile, type TokenSource, templateTokens } from '../../simulators/fleet/index.js';
import {
  FleetcertError,
  formatLimit,
  INPUT_LIMITS,
  readBoundedText,
  readTextFileWithin,
} from '../../src/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import { loadModelFile } from '../../src/model/index.js';
import { packagePath } from '../../src/package/index.js';
import { readClientTls } from '../../src/tls/index.js';
import type { ClientTlsSettings } from '../../src/transport/mqtt/index.js';
import { planDevices } from '../plan/devices.js';
import type { Scenario } from '../scenario/types.js';

export const REFERENCE_MODEL_DIR = `${packagePath('fixtures', 'models')}/`;

export interface PreparedLoad {
  /** One model per fleet entry, in scenario order. */
  readonly models: readonly DeviceModel[];
  readonly tokens: TokenSource;
  readonly ca?: Buffer;
  /** Client certificates for mutual TLS (broker.cert/key, broker.controllerCert/controllerKey). */
  readonly clientCertificates?: LoadClientCertificates;
}

/** What devices and controllers present to the broker; the CA and checks stay in the scenario. */
export interface LoadClientCertificates {
  readonly devices: Pick<ClientTlsSettings, 'shared' | 'perClient'>;
  readonly controllers: Pick<ClientTlsSettings, 'shared'>;
}

const SCENARIO_KEYS = { ca: 'broker.ca', cert: 'broker.cert', key: 'broker.key' } as const;

export async function prepareLoad(scenario: Scenario): Promise<PreparedLoad> {
  const models = await Promise.all(
    scenario.fleet.map(async (entry, index) => {
      const path = entry.model ?? `${REFERENCE_MODEL_DIR}${entry.type}.json`;
      try {
        return (await loadModelFile(path)).model;
      } catch (error) {
        const hint = entry.model
          ? 'fix the model file (fleetcert model validate FILE lists its problems)'
          : `"${entry.type}" is not a reference type (bulb, purifier, tv); add model: FILE to the entry`;
        throw new FleetcertError(
          'LOAD_MODEL',
          `fleet[${index}] (${entry.type}): ${(error as Error).message.split('\n')[0]}; ${hint}`,
          {
            exitCode: 2,
            cause: error,
          },
        );
      }
    }),
  );
  return {
    models,
    tokens: await tokenSource(scenario),
    ...(scenario.broker.ca ? { ca: await readCa(scenario.broker.ca) } : {}),
    ...(await readClientCertificates(scenario)),
  };
}

/**
 * Every device's certificate (all shards': a shard's slice is drawn later) and the controllers',
 * read and checked before anything connects; a missing file names the device and the path.
 */
async function readClientCertificates(
  scenario: Scenario,
): Promise<{ clientCertificates?: LoadClientCertificates }> {
  const { cert, key, controllerCert, controllerKey } = scenario.broker;
  if (cert === undefined && controllerCert === undefined) return {};
  const ids = planDevices(scenario.fleet, scenario.idPrefix, scenario.seed).map((device) => device.id);
  const devices = cert === undefined ? {} : await readClientTls({ cert, key }, ids, SCENARIO_KEYS);
  const controllers =
    controllerCert === undefined
      ? { ...(devices.shared ? { shared: devices.shared } : {}) }
      : await readClientTls({ cert: controllerCert, key: controllerKey }, [], {
          ca: 'broker.ca',
          cert: 'broker.controllerCert',
          key: 'broker.controllerKey',
        });
  return {
    clientCertificates: {
      devices: {
        ...(devices.shared ? { shared: devices.shared } : {}),
        ...(devices.perClient ? { perClient: devices.perClient } : {}),
      },
      controllers: controllers.shared ? { shared: controllers.shared } : {},
    },
  };
}

async function tokenSource(scenario: Scenario): Promise<TokenSource> {
  const tokens = scenario.tokens.devices;
  switch (tokens.kind) {
    case 'fixed':
      return { kind: 'single', token: tokens.token };
    case 'template':
      return templateTokens(tokens.template);
    case 'file': {
      let read: Awaited<ReturnType<typeof readTextFileWithin>>;
      try {
        read = await readTextFileWithin(tokens.file, INPUT_LIMITS.tokensFileBytes);
      } catch (error) {
        throw new FleetcertError(
          'LOAD_TOKENS',
          `cannot read the token file ${tokens.file}: ${(error as Error).message}; check tokens.devices.file`,
          { exitCode: 2 },
        );
      }
      if (!read.ok) {
        throw new FleetcertError(
          'LOAD_TOKENS',
          `the token file ${tokens.file} is ${read.size} bytes, over the limit of ${formatLimit(read.limit)} for tokens files`,
          { exitCode: 2 },
        );
      }
      return parseTokenFile(read.text, tokens.file);
    }
  }
}

async function readCa(path: string): Promise<Buffer> {
  return Buffer.from(
    await readBoundedText(path, INPUT_LIMITS.caFileBytes, 'the broker CA file (broker.ca)', 'LOAD_CA'),
  );
}
