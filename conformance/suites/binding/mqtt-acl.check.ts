/** EDP-MQTT-3, with the embedded broker: no publish or subscribe of the device was refused by the ACL during the whole run. */

import type { BindingCheckRun } from './binding-check-run.js';
import type { BrokerControl } from './broker-control.js';

export function checkAcl(broker: BrokerControl, deviceId: string, scenario: BindingCheckRun): void {
  scenario.step(`look up the broker's ACL refusals for ${deviceId} over the whole certification`);
  for (const refusal of broker.aclRefusals(deviceId)) {
    scenario.fail(
      'EDP-MQTT-3',
      `only topics under edp/1/${deviceId}/`,
      `${refusal.action} ${refusal.topic} refused: ${refusal.reason}`,
    );
  }
}
