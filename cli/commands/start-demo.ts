/**
 * The words of `fleetcert start --serve`: where the demo broker runs and how to talk to it with
 * Mosquitto's clients. The run itself is runs/serve-demo.ts.
 */
import type { StartDemo } from '../../runs/index.js';

/** The text that tells a person where the demo runs and how to talk to it with Mosquitto's clients. */
export function connectionHelp(demo: Pick<StartDemo, 'broker' | 'devices' | 'token'>): string {
  const { host, port } = demo.broker;
  const login = `-h ${host} -p ${port} -u controller:me -P ${shellQuote(demo.token)}`;
  const devices = demo.devices.map((d) => `  ${d.deviceId}  ${d.model.model}`).join('\n');
  const first = demo.devices[0]?.deviceId ?? 'bulb-0001';
  const request = '{"id":1,"method":"get_properties","params":[{"siid":1,"piid":2}]}';
  return [
    `fleetcert demo: MQTT broker at ${demo.broker.url} (token ${demo.token}), devices online:`,
    devices,
    '',
    'Watch presence, notifications and replies:',
    `  mosquitto_sub ${login} -v -t 'edp/1/+/state' -t 'edp/1/+/events' -t 'edp/1/+/rpc/reply'`,
    `Ask ${first} for its model id:`,
    `  mosquitto_pub ${login} -t edp/1/${first}/rpc -m '${request}'`,
    '',
    'Ctrl-C stops everything (devices publish offline presence first).',
    '',
  ].join('\n');
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9._:@%+=,/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
