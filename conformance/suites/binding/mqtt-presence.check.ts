/**
 * EDP-MQTT-1, the part any controller can see: presence on `edp/1/{deviceId}/state` is retained
 * and online, with `model` and `fw` equal to properties (1, 2) and (1, 4) (and `model` to the
 * model id). A fresh subscription must get it as a retained message.
 */

import type { RequestIdSource } from '../../../src/protocol/index.js';
import { parsePresence } from '../../../src/transport/mqtt/index.js';
import type { ModelIndex } from '../../judge/model-index.js';
import type { MqttDeviceLink, TopicMessage } from '../../link/mqtt-link.js';
import type { BindingCheckRun } from './binding-check-run.js';
import { readOne } from './scenario-request.js';

const RULE = 'EDP-MQTT-1';

export async function checkMqttPresence(
  link: MqttDeviceLink,
  scenario: BindingCheckRun,
  index: ModelIndex,
  ids: RequestIdSource,
  deadlineMs: number,
): Promise<void> {
  scenario.step('read device-information model (1, 2) and firmware-revision (1, 4)');
  const model = (await readOne(link, scenario, ids, 1, 2, deadlineMs)).value;
  const fw = (await readOne(link, scenario, ids, 1, 4, deadlineMs)).value;
  scenario.step(`subscribe afresh to ${link.topics.state}: the broker must hand over the retained presence`);
  const retained = await resubscribe(link, deadlineMs);
  if (retained === undefined) {
    scenario.fail(RULE, `a retained presence message on ${link.topics.state}`, 'none');
    return;
  }
  const ref = scenario.received(link.topics.state, retained.payload, retained.atMs);
  if (!retained.retained)
    scenario.fail(RULE, 'presence published with retain', 'a message without the retain flag', ref);
  const presence = parsePresence(retained.payload);
  if (presence === undefined || !presence.online) {
    scenario.fail(
      RULE,
      '{ "online": true, "model": …, "fw": … } while connected',
      String(retained.payload),
      ref,
    );
    return;
  }
  if (presence.model !== index.model.model)
    scenario.fail(
      RULE,
      `"model": ${JSON.stringify(index.model.model)} (the model id)`,
      `"model": ${JSON.stringify(presence.model)}`,
      ref,
    );
  if (model !== undefined && presence.model !== model)
    scenario.fail(
      RULE,
      `"model" equal to property (1, 2), ${JSON.stringify(model)}`,
      `"model": ${JSON.stringify(presence.model)}`,
      ref,
    );
  if (fw !== undefined && presence.fw !== fw)
    scenario.fail(
      RULE,
      `"fw" equal to property (1, 4), ${JSON.stringify(fw)}`,
      `"fw": ${JSON.stringify(presence.fw)}`,
      ref,
    );
}

/** The presence a new subscription gets, or `undefined` when none comes within the deadline. */
export async function resubscribe(
  link: MqttDeviceLink,
  deadlineMs: number,
): Promise<TopicMessage | undefined> {
  await link.client.unsubscribeAsync(link.topics.state);
  let stop = () => {};
  const next = new Promise<TopicMessage | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), deadlineMs);
    stop = link.onTopic('state', (message) => {
      clearTimeout(timer);
      resolve(message);
    });
  });
  await link.client.subscribeAsync(link.topics.state, { qos: 1 });
  const message = await next;
  stop();
  return message;
}

/** The firmware version the device reported in presence, when online. */
export function presenceFirmware(link: MqttDeviceLink): string | undefined {
  const latest = link.latest('state');
  const presence = latest === undefined ? undefined : parsePresence(latest.payload);
  return presence?.online ? presence.fw : undefined;
}
