/**
 * The device catalogue: one entry per device rule of PROTOCOL.md sections 4 to 6 and 9, with the
 * bindings it applies to, how fleetcert checks it, and in which device modes it can run.
 */
import type { DeviceMode } from '../../src/result/index.js';
import type { Applicability, DeviceRequirement } from './requirements.js';
import type { RuleId } from './rule-ids.js';

const FULL: Applicability = { run: 'full' };
const EVERY_MODE: Readonly<Record<DeviceMode, Applicability>> = { listen: FULL, broker: FULL, ws: FULL };
// Reasons read right both before a run (`certify --list`) and in a result: no past tense.
const ON_WS: Applicability = {
  run: 'none',
  // Each names the option that checks it: the verdict line lists what a mode could not check (counts-text.ts).
  reason: 'an MQTT binding rule (docs/protocol.md, section 5), not checked over WebSocket (use --listen)',
};
const ON_MQTT: Applicability = {
  run: 'none',
  reason: 'a WebSocket binding rule (docs/protocol.md, section 6), not checked over MQTT (use --ws)',
};

/**
 * Section 9: fleetcert presents the certificates itself, on its TLS listener (`--listen-tls`);
 * a device certified with `--listen` alone has these not run, with the reason (tls-suite.ts).
 */
function tls(id: RuleId, statement: string): DeviceRequirement {
  return {
    subject: 'device',
    id,
    section: 9,
    statement,
    bindings: ['mqtt'],
    kind: 'scenario',
    modes: {
      listen: FULL,
      broker: {
        run: 'none',
        reason:
          "fleetcert does not control an existing broker's certificates: use --listen-tls PORT --tls-host NAME",
      },
      ws: {
        run: 'none',
        reason:
          'a rule of the device as a TLS client of a broker (docs/protocol.md, section 9), not checked over WebSocket (use --listen-tls PORT --tls-host NAME)',
      },
    },
  };
}

const core = (id: RuleId, statement: string): DeviceRequirement => ({
  id,
  subject: 'device',
  section: 4,
  statement,
  bindings: ['mqtt', 'ws'],
  kind: 'model-based',
  modes: EVERY_MODE,
});

export const DEVICE_REQUIREMENTS: readonly DeviceRequirement[] = Object.freeze([
  core(
    'EDP-RPC-1',
    'Every request with a readable id gets exactly one response with that id, within the response deadline.',
  ),
  core('EDP-RPC-2', 'A response has `result` or `error`, never both.'),
  core('EDP-RPC-3', 'Batch results have the same length and order as the params.'),
  core('EDP-RPC-4', 'Malformed input gets the envelope error of section 3, and the device stays responsive.'),
  core(
    'EDP-RPC-5',
    'A repeated request id within 60 s gets the stored response again, with no effects and no notifications.',
  ),
  core(
    'EDP-RPC-6',
    'Everything a device sends is a message of section 3: JSON, at most 64 KiB, a response or a notification.',
  ),
  core('EDP-PROP-1', 'Reading a readable property gives code 0 and a value valid for its model.'),
  core(
    'EDP-PROP-2',
    'Reading a property without `read` gives -4001, an unknown one -4003; one bad item does not spoil the others.',
  ),
  core(
    'EDP-PROP-3',
    'Writing a valid value to a writable property (its `when` holding) gives 0, and later reads give that value.',
  ),
  core(
    'EDP-PROP-4',
    'Writing without `write` gives -4002, an invalid value -4005, a failing `when` -4007, an unknown property -4003; none changes state.',
  ),
  core(
    'EDP-ACT-1',
    'An action with valid `in` (its `when` holding) gives code 0, `out` valid for the model, and its declared effects, in order.',
  ),
  core(
    'EDP-ACT-2',
    'Invalid `in` gives -4006, an unknown action -4003, a failing `when` -4007; none changes state.',
  ),
  core(
    'EDP-NOTIFY-1',
    'Each change of a notify property is sent as one properties_changed item within 1 s of the response; unchanged values are not.',
  ),
  core(
    'EDP-NOTIFY-2',
    'Items for one property come in the order of its changes, each with the value the property took.',
  ),
  core('EDP-NOTIFY-3', 'Event arguments are valid for the model.'),
  {
    subject: 'device',
    id: 'EDP-MQTT-1',
    section: 5,
    statement:
      'Presence is retained online while connected; the will leaves it offline after an ungraceful loss; a graceful shutdown publishes offline.',
    bindings: ['mqtt'],
    kind: 'scenario',
    modes: {
      listen: FULL,
      broker: {
        run: 'partial',
        reason:
          'with --broker only retained online presence is checked; the will needs broker control to cut the connection (use --listen)',
      },
      ws: ON_WS,
    },
  },
  {
    subject: 'device',
    id: 'EDP-MQTT-2',
    section: 5,
    statement:
      'After a lost connection the device reconnects (first try within 5 s), subscribes and publishes presence again, and keeps its state.',
    bindings: ['mqtt'],
    kind: 'scenario',
    modes: {
      listen: FULL,
      broker: { run: 'none', reason: "cutting the device's connection needs broker control (use --listen)" },
      ws: ON_WS,
    },
  },
  {
    subject: 'device',
    id: 'EDP-MQTT-3',
    section: 5,
    statement: 'A device publishes and subscribes only under its own edp/1/{deviceId}/.',
    bindings: ['mqtt'],
    kind: 'scenario',
    modes: {
      listen: FULL,
      broker: {
        run: 'none',
        reason: "watching the broker's ACL refusals needs the embedded broker (use --listen)",
      },
      ws: ON_WS,
    },
  },
  {
    subject: 'device',
    id: 'EDP-WS-1',
    section: 6,
    statement:
      'A connection with a wrong or missing token is refused with HTTP 401 before the upgrade; a right one is upgraded.',
    bindings: ['ws'],
    kind: 'scenario',
    modes: { listen: ON_MQTT, broker: ON_MQTT, ws: FULL },
  },
  {
    subject: 'device',
    id: 'EDP-WS-2',
    section: 6,
    statement:
      'The first message on every new connection is `hello`, with the device id, the model id and the firmware version.',
    bindings: ['ws'],
    kind: 'scenario',
    modes: { listen: ON_MQTT, broker: ON_MQTT, ws: FULL },
  },
  {
    subject: 'device',
    id: 'EDP-WS-3',
    section: 6,
    statement:
      'With up to 4 controllers connected, each gets the responses to its own requests only, and every notification reaches all.',
    bindings: ['ws'],
    kind: 'scenario',
    modes: { listen: ON_MQTT, broker: ON_MQTT, ws: FULL },
  },
  tls(
    'EDP-TLS-1',
    'The device completes a TLS 1.2 or 1.3 handshake with a server whose certificate chains to its trust anchor and names the host it dialed (subject alternative name), with chains and records of up to 16 KiB, then speaks MQTT.',
  ),
  tls(
    'EDP-TLS-2',
    'The device refuses a server certificate that does not chain to a trust anchor (self-signed, or signed by another CA).',
  ),
  tls('EDP-TLS-3', 'The device refuses a server certificate that is expired or not yet valid.'),
  tls(
    'EDP-TLS-4',
    'The device refuses a server certificate whose names do not include the host it dialed (a host only in the common name is refused too).',
  ),
  tls('EDP-TLS-5', 'The device refuses a server that offers only TLS 1.1 or older.'),
  tls(
    'EDP-TLS-6',
    'After a failed or refused TLS handshake the device never sends MQTT in plaintext; it retries TLS with the backoff of EDP-MQTT-2.',
  ),
]);
