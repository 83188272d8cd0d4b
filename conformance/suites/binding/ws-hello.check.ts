/**
 * EDP-WS-2: the first message on every new connection is `hello` with the device id, the model
 * id and the firmware version (property (1, 4)). Checked on the certification's own connection
 * and on fresh ones.
 */
import { decodeDeviceMessage } from '../../../src/protocol/index.js';
import { connectWsController, type WsFrame } from '../../../src/transport/ws/index.js';
import type { BindingCheckRun } from './binding-check-run.js';

const RULE = 'EDP-WS-2';

export interface HelloExpectation {
  readonly deviceId: string;
  readonly modelId: string;
  /** Property (1, 4) as read from the device, when it could be read. */
  readonly firmware: string | undefined;
}

/** Judges the first frame of one connection (already received or still to come). */
export async function checkHelloFrame(
  first: WsFrame | undefined,
  want: HelloExpectation,
  scenario: BindingCheckRun,
  where: string,
): Promise<void> {
  if (first === undefined) {
    scenario.fail(RULE, `hello as the first message on ${where}`, 'no message');
    return;
  }
  const ref = scenario.received('ws', first.payload, first.atMs, first.binary);
  const message = decodeDeviceMessage(first.payload, first.binary ? { binary: true } : {});
  if (message.kind !== 'notification' || message.notification.method !== 'hello') {
    scenario.fail(
      RULE,
      `hello as the first message on ${where}`,
      message.kind === 'invalid' ? message.reason : `a ${message.kind}`,
      ref,
    );
    return;
  }
  const { deviceId, model, fw } = message.notification.params;
  if (deviceId !== want.deviceId)
    scenario.fail(RULE, `deviceId ${JSON.stringify(want.deviceId)}`, JSON.stringify(deviceId), ref);
  if (model !== want.modelId)
    scenario.fail(RULE, `model ${JSON.stringify(want.modelId)} (the model id)`, JSON.stringify(model), ref);
  if (want.firmware !== undefined && fw !== want.firmware) {
    scenario.fail(RULE, `fw ${JSON.stringify(want.firmware)} (property (1, 4))`, JSON.stringify(fw), ref);
  }
}

/** Opens `count` fresh connections and judges the first frame of each. */
export async function checkFreshHellos(
  url: string,
  token: string,
  want: HelloExpectation,
  scenario: BindingCheckRun,
  count: number,
  deadlineMs: number,
): Promise<void> {
  for (let i = 1; i <= count; i++) {
    scenario.step(`open connection ${i} and wait for its first message`);
    const connection = await connectWsController(url, { token });
    try {
      await checkHelloFrame(await connection.first(deadlineMs), want, scenario, `connection ${i}`);
    } finally {
      await connection.close();
    }
  }
}
