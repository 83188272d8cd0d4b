/**
 * Reads MQTT packets from a socket fleetcert does not hand to its broker (a bad certificate's
 * connection, the plain listener), to learn who sent CONNECT. Keeps the client id and username
 * only: the password (the device's token) is dropped as soon as it is parsed, never stored,
 * logged or printed.
 */
import mqttPacket from 'mqtt-packet';

export interface SniffedConnect {
  readonly clientId: string;
  readonly username?: string;
}

/** The largest packet read before giving up: a CONNECT is small, garbage need not be buffered. */
const MAX_SNIFFED_PACKET = 64 * 1024;

export interface PacketSniffer {
  /** Feed bytes; returns false once the stream is not MQTT (then stop feeding it). */
  push(chunk: Buffer): boolean;
}

export function sniffPackets(handlers: {
  onConnect(connect: SniffedConnect): void;
  onPuback?(messageId: number): void;
}): PacketSniffer {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  let broken = false;
  let received = 0;
  parser.on('packet', (packet: mqttPacket.Packet) => {
    if (packet.cmd === 'connect') {
      const { clientId, username } = packet as mqttPacket.IConnectPacket;
      handlers.onConnect({ clientId, ...(username === undefined ? {} : { username }) });
    } else if (packet.cmd === 'puback' && packet.messageId !== undefined) {
      handlers.onPuback?.(packet.messageId);
    }
  });
  parser.on('error', () => {
    broken = true;
  });
  return {
    push(chunk) {
      if (broken) return false;
      received += chunk.byteLength;
      if (received > MAX_SNIFFED_PACKET * 4) broken = true;
      else parser.parse(chunk);
      return !broken;
    },
  };
}

/**
 * CONNACK (accepted) then a QoS 1 PUBLISH, `total` bytes in one write: TLS sends it as one
 * full-size record (16 KiB, EDP-TLS-1). The payload is padding on a topic of the device's own
 * tree that no rule gives a meaning; a client answers PUBACK to any QoS 1 PUBLISH.
 */
export function largeRecordBytes(deviceId: string, messageId: number, total = 16_384): Buffer {
  const connack = mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false });
  const topic = `edp/1/${deviceId}/tls-record`;
  const publish = (payloadBytes: number) =>
    mqttPacket.generate({
      cmd: 'publish',
      topic,
      payload: Buffer.alloc(payloadBytes, 0x20),
      qos: 1,
      messageId,
      retain: false,
      dup: false,
    });
  // The remaining-length field grows with the payload: correct the payload until the sum is exact.
  let payload = total - connack.byteLength;
  for (let i = 0; i < 4; i++) {
    const size = connack.byteLength + publish(payload).byteLength;
    if (size === total) break;
    payload += total - size;
  }
  return Buffer.concat([connack, publish(payload)]);
}
