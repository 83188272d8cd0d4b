/**
 * What a run needs from disk before it starts: each fleet entry's model (a reference type
 * from fixtures/models/, or the scenario's model file), the device tokens, the broker's CA.
 * Every failure names the file and the fix; nothing here runs once the load has begun.
 */

import { parseTokenFile, type TokenSource, templateTokens } from '../../simulators/fleet/tokens.js';
import { FleetcertError } from '../../src/errors.js';
import { formatLimit, INPUT_LIMITS } from '../../src/input-limits.js';
import { loadModelFile } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';
import { packagePath } from '../../src/package/package-root.js';
import { readBoundedText, readTextFileWithin } from '../../src/read-file-within.js';
import type { Scenario } from '../scenario/types.js';

export const REFERENCE_MODEL_DIR = `${packagePath('fixtures', 'models')}/`;

export interface PreparedLoad {
  /** One model per fleet entry, in scenario order. */
  readonly models: readonly DeviceModel[];
  readonly tokens: TokenSource;
  readonly ca?: Buffer;
}

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
