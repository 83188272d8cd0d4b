/**
 * Every fault a simulator can plant, engine and binding layers alike, with the rule it breaks.
 * docs/faults.md explains each one for partners; a test keeps the two in step.
 */
import type { FaultDefinition, FaultName } from './types.js';

const engine = (name: FaultName, breaks: string, takesRate: boolean, description: string): FaultDefinition =>
  Object.freeze({ name, layer: 'engine', breaks, takesRate, description });
const binding = (name: FaultName, breaks: string, takesRate: boolean, description: string): FaultDefinition =>
  Object.freeze({ name, layer: 'binding', breaks, takesRate, description });

export const FAULT_CATALOGUE: readonly FaultDefinition[] = Object.freeze([
  // Engine layer: the device answers or notifies wrongly.
  engine(
    'accept-out-of-range',
    'EDP-PROP-4',
    true,
    'Accepts and stores a write whose value has the right type but is outside its range, limits, values or maxLength (code 0 instead of -4005).',
  ),
  engine(
    'accept-off-grid',
    'EDP-PROP-4',
    true,
    'Accepts and stores a write whose value lies within the range but between two steps of its grid (code 0 instead of -4005), and notifies it.',
  ),
  engine(
    'accept-unlisted-value',
    'EDP-PROP-4',
    true,
    "Accepts and stores a write whose value is of the property's type and within its limits and maxLength but not one of its `values` (code 0 instead of -4005).",
  ),
  engine(
    'accept-off-grid-in',
    'EDP-ACT-2',
    true,
    'Accepts an action `in` argument that lies within its range but between two steps of its grid (code 0 and the effects, with that value, instead of -4006).',
  ),
  engine(
    'silent-clamp',
    'EDP-PROP-4',
    true,
    'Clamps an out-of-range number into its range (snapped to the step) and answers 0 instead of -4005.',
  ),
  engine(
    'write-read-only',
    'EDP-PROP-4',
    true,
    'Accepts a valid write to a property without write access (code 0, value stored) instead of -4002.',
  ),
  engine(
    'wrong-item-code',
    'EDP-PROP-4',
    true,
    'Answers the wrong item code: -4005 where -4002 is due and -4002 where -4005 is due on writes; -4003 where -4001 is due on reads.',
  ),
  engine(
    'reorder-batch',
    'EDP-RPC-3',
    true,
    'Returns the items of a get/set batch of two or more in reverse order.',
  ),
  engine(
    'poisoned-batch',
    'EDP-PROP-2',
    true,
    'One failing item fails the whole batch: every item gets its code and no value, and the writes of the batch are undone.',
  ),
  engine(
    'batch-length-mismatch',
    'EDP-RPC-3',
    true,
    'A batch result has the wrong length: the last item is dropped (or, for one item, repeated).',
  ),
  engine(
    'serve-oversized-batch',
    'EDP-RPC-4',
    true,
    'Serves get/set batches of more than 16 items instead of answering -32602 (invalid params).',
  ),
  engine(
    'missing-notification',
    'EDP-NOTIFY-1',
    true,
    'Drops the properties_changed item of a change of a notify property.',
  ),
  engine(
    'stale-notification',
    'EDP-NOTIFY-2',
    true,
    'Notifies the value the property had before the change instead of the new one.',
  ),
  engine(
    'notify-unchanged',
    'EDP-NOTIFY-1',
    true,
    'Notifies a write to a notify property that left its value unchanged.',
  ),
  engine(
    'no-volatile-notify',
    'EDP-NOTIFY-1',
    true,
    'Never notifies a change a volatile notify property makes by itself (a sensor reading); reads still return it.',
  ),
  engine(
    'ignore-when',
    'EDP-PROP-4',
    true,
    'Ignores `when` guards: guarded writes and actions succeed when they must get -4007 (also breaks EDP-ACT-2).',
  ),
  engine(
    'wrap-as-clamp',
    'EDP-ACT-1',
    true,
    'Performs `add` effects declared with overflow "wrap" as "clamp".',
  ),
  engine('effects-out-of-order', 'EDP-ACT-1', true, 'Performs the effects of an action in reverse order.'),
  engine(
    'duplicate-executes-twice',
    'EDP-RPC-5',
    true,
    'Executes a repeated request id again (effects and notifications) instead of answering the stored response.',
  ),
  engine(
    'unresponsive-after-garbage',
    'EDP-RPC-4',
    true,
    'After answering a malformed frame, answers nothing any more.',
  ),
  engine('id-as-string', 'EDP-RPC-1', true, 'Echoes the response id as a string ("17" for 17).'),
  engine(
    'wrong-value-type',
    'EDP-PROP-1',
    true,
    'Reports numeric values read by get_properties as strings ("50" for 50).',
  ),
  engine('result-and-error', 'EDP-RPC-2', true, 'Puts both `result` and `error` into a response.'),
  engine(
    'missing-event',
    'EDP-ACT-1',
    true,
    'Skips `emit` effects: the action answers 0 but its event is never sent.',
  ),
  engine(
    'invalid-event-arguments',
    'EDP-NOTIFY-3',
    true,
    'Sends events whose first argument has a value invalid for its property (or an extra argument when there are none).',
  ),
  engine(
    'lost-write',
    'EDP-PROP-3',
    true,
    'Answers 0 to a valid write but does not store the value (later reads give the old value).',
  ),
  engine('wrong-out', 'EDP-ACT-1', true, "Fills an action's `out` with values from before its effects."),
  engine(
    'unreadable-returns-value',
    'EDP-PROP-2',
    true,
    'Reading a property without read access gives code 0 and its value instead of -4001.',
  ),
  engine(
    'bad-envelope-code',
    'EDP-RPC-4',
    true,
    'Answers malformed input with the wrong envelope code (-32700 and -32600 swapped, -32601 and -32602 swapped).',
  ),
  // Binding layer: delivery, timing, connection and presence.
  binding(
    'reply-latency',
    'EDP-RPC-1',
    true,
    'Delays replies (by a latency the binding is given); within the deadline it breaks nothing, past it EDP-RPC-1.',
  ),
  binding('drop-replies', 'EDP-RPC-1', true, 'Does not send the response to a request.'),
  binding('duplicate-replies', 'EDP-RPC-1', true, 'Sends the response to a request twice.'),
  binding('drop-notifications', 'EDP-NOTIFY-1', true, 'Does not send notifications the engine produced.'),
  binding(
    'notification-latency',
    'EDP-NOTIFY-1',
    true,
    'Sends notifications late (by 150 ms unless the binding is given another latency); within the 1 s deadline it breaks nothing, past it EDP-NOTIFY-1. Combined with other faults it makes their notifications arrive while later requests are in flight.',
  ),
  binding(
    'disconnect-clean',
    'EDP-MQTT-1',
    true,
    'Disconnects gracefully at random moments (presence must go offline, then the device must come back).',
  ),
  binding(
    'disconnect-abrupt',
    'EDP-MQTT-2',
    true,
    'Drops the connection without a DISCONNECT at random moments; the device must reconnect and keep its state.',
  ),
  binding(
    'garbage-frames',
    'EDP-RPC-6',
    true,
    'Sends frames that are not messages of section 3 (not JSON, or JSON of the wrong shape).',
  ),
  binding('late-replies', 'EDP-RPC-1', true, 'Sends replies after the 2 s response deadline.'),
  binding(
    'no-will',
    'EDP-MQTT-1',
    false,
    'Connects without the `{ "online": false }` will, so an ungraceful loss leaves presence online.',
  ),
  binding(
    'state-lost-on-reconnect',
    'EDP-MQTT-2',
    true,
    'Forgets its state (back to initial values) when it reconnects.',
  ),
  binding('acl-violation', 'EDP-MQTT-3', false, 'Publishes outside its own `edp/1/{deviceId}/` topic tree.'),
  binding('no-presence', 'EDP-MQTT-1', false, 'Never publishes retained `{ "online": true, … }` presence.'),
  binding(
    'wrong-presence-model',
    'EDP-MQTT-1',
    false,
    'Publishes presence whose `model` or `fw` differs from properties (1, 2) and (1, 4).',
  ),
  binding('ws-no-hello', 'EDP-WS-2', false, 'Does not send `hello` first on a new WebSocket connection.'),
  binding(
    'ws-accept-bad-token',
    'EDP-WS-1',
    false,
    'Upgrades WebSocket connections with a wrong or missing token instead of refusing with 401.',
  ),
  binding(
    'ws-notify-one-controller',
    'EDP-WS-3',
    false,
    'Sends notifications to one connected controller only.',
  ),
  binding(
    'ws-cross-replies',
    'EDP-WS-3',
    false,
    'Sends a response to a different controller than the one that asked.',
  ),
  // TLS client faults (section 9), on `mqtts://` with a CA file (simulators/bindings/mqtt/device-tls.ts).
  binding(
    'accept-any-certificate',
    'EDP-TLS-2',
    false,
    'Accepts a server certificate that does not chain to its trust anchor (self-signed, another CA); still checks dates and names.',
  ),
  binding(
    'skip-name-check',
    'EDP-TLS-4',
    false,
    'Does not check that the server certificate names the host it dialed.',
  ),
  binding(
    'accept-common-name-only',
    'EDP-TLS-4',
    false,
    "Accepts a certificate that names the host only in its common name (Node's default check falls back to the CN).",
  ),
  binding(
    'accept-expired',
    'EDP-TLS-3',
    false,
    'Accepts a server certificate that is expired or not yet valid.',
  ),
  binding('allow-tls-1.1', 'EDP-TLS-5', false, 'Connects to a server that offers only TLS 1.1.'),
  binding(
    'fall-back-to-plain',
    'EDP-TLS-6',
    false,
    'After a refused TLS handshake, sends its CONNECT, token included, in plaintext to port 1883 of the same host.',
  ),
]);

const BY_NAME: ReadonlyMap<string, FaultDefinition> = new Map(FAULT_CATALOGUE.map((d) => [d.name, d]));

export function isFaultName(name: string): name is FaultName {
  return BY_NAME.has(name);
}

/** The definition of a fault, or `undefined` for a name the catalogue does not know. */
export function findFault(name: string): FaultDefinition | undefined {
  return BY_NAME.get(name);
}

/** Every known fault name, catalogue order. */
export function faultNames(): readonly FaultName[] {
  return FAULT_CATALOGUE.map((d) => d.name);
}
