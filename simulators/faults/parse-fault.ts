/**
 * Parses the CLI's `--fault NAME[:RATE]` into a `FaultSetting`. The CLI resolves its flags
 * once and hands the typed plan down; nothing below reads argv.
 */
import { didYouMean, FleetcertError } from '../../src/index.js';
import { faultNames, findFault } from './catalogue.js';
import type { FaultPlan, FaultSetting } from './types.js';

/** A `--fault` value that names no known fault or carries a bad rate. Exit 2 (usage). */
export class FaultError extends FleetcertError {
  constructor(message: string) {
    super('FLEETCERT_FAULT', message, { exitCode: 2 });
  }
}

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/** `NAME` or `NAME:RATE`, RATE a decimal in 0..1 (default 1). */
export function parseFault(text: string): FaultSetting {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const name = colon === -1 ? trimmed : trimmed.slice(0, colon);
  const rateText = colon === -1 ? undefined : trimmed.slice(colon + 1);
  const definition = findFault(name);
  if (!definition) {
    const hint = name === '' ? 'no fault name given' : `unknown fault "${name}"`;
    // The likely intent first: the full list that follows is long.
    throw new FaultError(
      `--fault ${JSON.stringify(text)}: ${hint}.${didYouMean(name, faultNames())} Use NAME or NAME:RATE with one of: ${faultNames().join(', ')} (see docs/faults.md).`,
    );
  }
  if (rateText === undefined) return Object.freeze({ name: definition.name, rate: 1 });
  const rate = DECIMAL.test(rateText) ? Number(rateText) : Number.NaN;
  if (!(rate >= 0 && rate <= 1)) {
    throw new FaultError(
      `--fault ${JSON.stringify(text)}: rate ${JSON.stringify(rateText)} is not a decimal between 0 and 1; write e.g. ${definition.name}:0.25.`,
    );
  }
  if (!definition.takesRate && rate !== 1) {
    throw new FaultError(
      `--fault ${JSON.stringify(text)}: fault ${definition.name} is either on or off and takes no rate; write --fault ${definition.name}.`,
    );
  }
  return Object.freeze({ name: definition.name, rate });
}

/** Several `--fault` values; a fault named twice keeps its last rate. */
export function parseFaultPlan(texts: readonly string[]): FaultPlan {
  const byName = new Map<string, FaultSetting>();
  for (const text of texts) {
    const setting = parseFault(text);
    byName.delete(setting.name);
    byName.set(setting.name, setting);
  }
  return Object.freeze([...byName.values()]);
}
