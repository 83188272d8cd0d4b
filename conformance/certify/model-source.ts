/**
 * The model to judge against: the one given, or the one the device publishes (retained `model`
 * topic over MQTT, `get_model` over WebSocket). A missing or invalid model is a setup error.
 */
import { FleetcertError } from '../../src/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import { parseModelText } from '../../src/model/index.js';
import { decodeDeviceMessage } from '../../src/protocol/index.js';
import type { CertifyConfig } from '../settings/certify-config.js';
import type { ConnectedTarget } from './connect-target.js';

export interface ModelInUse {
  readonly model: DeviceModel;
  readonly sha256: string;
  readonly source: string;
}

export async function resolveModel(
  config: CertifyConfig,
  target: ConnectedTarget,
  deadlineMs: number,
  nextId: () => number,
): Promise<ModelInUse> {
  if (config.model !== undefined) return { ...config.model, source: 'given' };
  const { text, source } =
    target.mqtt !== undefined
      ? await retainedModel(target, deadlineMs)
      : await askModel(target, deadlineMs, nextId);
  try {
    const loaded = parseModelText(text, source);
    return { model: loaded.model, sha256: loaded.sha256, source };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new FleetcertError(
      'CERTIFY_MODEL',
      `the model from ${source} cannot be used: ${why}\nPass the model with --model FILE.`,
      { cause: error },
    );
  }
}

async function retainedModel(
  target: ConnectedTarget,
  deadlineMs: number,
): Promise<{ text: string; source: string }> {
  const link = target.mqtt;
  if (link === undefined) throw new Error('unreachable');
  const source = link.topics.model;
  const found =
    link.latest('model') ??
    ((await new Promise((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(undefined);
      }, deadlineMs);
      const stop = link.onTopic('model', (message) => {
        clearTimeout(timer);
        stop();
        resolve(message);
      });
    })) as { payload: Buffer } | undefined);
  if (found === undefined || found.payload.length === 0) {
    throw new FleetcertError(
      'CERTIFY_MODEL',
      `no --model given and nothing retained on ${source}. Pass the model with --model FILE.`,
    );
  }
  return { text: found.payload.toString('utf8'), source };
}

async function askModel(
  target: ConnectedTarget,
  deadlineMs: number,
  nextId: () => number,
): Promise<{ text: string; source: string }> {
  const id = nextId();
  const source = `get_model at ${target.description}`;
  const answer = new Promise<unknown>((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(undefined);
    }, deadlineMs);
    const stop = target.link.onFrame((frame) => {
      const message = decodeDeviceMessage(frame.payload);
      if (message.kind !== 'response' || message.id !== id) return;
      clearTimeout(timer);
      stop();
      resolve(message.result);
    });
  });
  await target.link.send(JSON.stringify({ id, method: 'get_model' }));
  const model = await answer;
  if (model === undefined)
    throw new FleetcertError(
      'CERTIFY_MODEL',
      `no --model given and the device did not answer get_model at ${target.description}. Pass the model with --model FILE.`,
    );
  return { text: JSON.stringify(model), source };
}
