/**
 * `npm run bench:mqtt-controller`: what one received message costs the one MQTT controller
 * (src/transport/mqtt/controller.ts), in nanoseconds, per caller mode, with no broker and no
 * socket: messages are handed to the client's `message` event as MQTT.js would.
 * - lean (load, the harness): `matchReplies: false`, payloads to `inbound` hooks undecoded;
 * - events (the hub, tests): reply matching and typed `reply`/`notification` events, decoded.
 * Also the topic-building cost of `publish`. Figures only; no goal (the load's own bench,
 * `npm run bench:load`, judges the whole path).
 *
 * Options: --messages N (2,000,000 per mode), --rounds N (3).
 */
import { MqttController } from '../src/transport/mqtt/controller.js';
import { parseBenchArgs } from './bench-args.js';

const { values } = parseBenchArgs(import.meta.url, {
  messages: { type: 'string', default: '2000000' },
  rounds: { type: 'string', default: '3' },
});
const messages = Number(values.messages);
const rounds = Number(values.rounds);
// A port nothing listens on: the client never connects, so only the receive path is measured.
const url = 'mqtt://127.0.0.1:9';
const topics = Array.from({ length: 2000 }, (_, i) => [
  `edp/1/bench-bulb-${i}/rpc/reply`,
  `edp/1/bench-bulb-${i}/events`,
]).flat();
const reply = Buffer.from('{"id":123456789,"result":[{"siid":2,"piid":1,"code":0,"value":true}]}');
const event = Buffer.from('{"method":"properties_changed","params":[{"siid":2,"piid":1,"value":true}]}');
let sink = 0;

const lean = new MqttController({
  url,
  name: 'bench-lean',
  token: 'x',
  matchReplies: false,
  inbound: {
    reply: (deviceId, payload) => {
      sink += deviceId.length + payload.toString('utf8').length;
    },
    event: (deviceId, payload) => {
      sink += deviceId.length + payload.toString('utf8').length;
    },
  },
});
const events = new MqttController({ url, name: 'bench-events', token: 'x' });
events.on('reply', (e) => {
  sink += e.deviceId.length;
});
events.on('notification', (e) => {
  sink += e.deviceId.length;
});

function nsPerMessage(controller: MqttController): number {
  const packet = { retain: false };
  const started = process.hrtime.bigint();
  for (let i = 0; i < messages; i++) {
    const topic = topics[i % topics.length] as string;
    controller.client.emit('message', topic, i % 2 === 0 ? reply : event, packet as never);
  }
  return Number(process.hrtime.bigint() - started) / messages;
}

function nsPerPublishTopic(): number {
  const ids = Array.from({ length: 2000 }, (_, i) => `bench-bulb-${i}`);
  const started = process.hrtime.bigint();
  for (let i = 0; i < messages; i++) sink += `edp/1/${ids[i % ids.length]}/rpc`.length;
  return Number(process.hrtime.bigint() - started) / messages;
}

const best = { lean: Number.POSITIVE_INFINITY, events: Number.POSITIVE_INFINITY };
for (let round = 0; round < rounds; round++) {
  best.lean = Math.min(best.lean, nsPerMessage(lean));
  best.events = Math.min(best.events, nsPerMessage(events));
}
process.stdout.write(
  `bench:mqtt-controller: ${messages.toLocaleString('en')} messages per mode, best of ${rounds} rounds\n` +
    `  lean (matchReplies: false, inbound hooks): ${best.lean.toFixed(0)} ns/message\n` +
    `  events (matched, decoded, typed events):   ${best.events.toFixed(0)} ns/message\n` +
    `  publish topic string:                      ${nsPerPublishTopic().toFixed(0)} ns/request\n`,
);
await Promise.all([lean.close(), events.close()]);
process.exit(sink > 0 ? 0 : 1);
