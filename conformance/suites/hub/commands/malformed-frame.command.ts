/**
 * A frame that is not a valid app request (section 8: app messages are section 3 messages, so
 * section 3's envelope errors apply to apps unchanged; judged under EDP-HUB-2, every app request
 * gets exactly one response): an array (`-32600`, id null), text that is not JSON (`-32700`),
 * a text frame that is not valid UTF-8 (`-32700`, id null: a hub that closes with 1007 leaves
 * it unanswered), an object without an id (`-32600`, id null), an unknown method (`-32601`
 * under its id).
 */
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

export const MALFORMED = ['array', 'not JSON', 'not UTF-8', 'no id', 'unknown method'] as const;
export type MalformedKind = (typeof MALFORMED)[number];

/** `{"id":…,"method":"devices.list"}` with a lone continuation byte (0x80) inside a string: JSON-shaped, not UTF-8. */
const NOT_UTF8 = Buffer.concat([
  Buffer.from('{"id": 1, "method": "devices.list", "x": "'),
  Buffer.from([0x80, 0xfe]),
  Buffer.from('"}'),
]);

export class MalformedFrameCommand extends HubCommand {
  constructor(
    readonly connection: string,
    readonly kind: MalformedKind,
  ) {
    super();
  }

  protected async act(_model: HubModel, session: HubSession): Promise<void> {
    switch (this.kind) {
      case 'array':
        // An array holding a request: a hub that serves what is inside answers an id nobody is waiting for.
        return session.raw(
          this.connection,
          JSON.stringify([{ id: 999_999, method: 'devices.list' }]),
          -32600,
          this.toString(),
        );
      case 'not JSON':
        return session.raw(this.connection, '{"id": 1, "method": "devices.list"', -32700, this.toString());
      case 'not UTF-8':
        return session.raw(this.connection, NOT_UTF8, -32700, this.toString());
      case 'no id':
        return session.raw(this.connection, '{"method": "devices.list"}', -32600, this.toString());
      case 'unknown method':
        await session.request(
          this.connection,
          'devices.reboot',
          {},
          { kind: 'envelope', code: -32601 },
          this.toString(),
        );
    }
  }

  toString(): string {
    const what = {
      array: 'an array frame [{"id":999999,"method":"devices.list"}]',
      'not JSON': 'a frame that is not JSON',
      'not UTF-8': 'a text frame that is not valid UTF-8 (bytes 0x80 0xfe inside a string)',
      'no id': 'an object without an id {"method":"devices.list"}',
      'unknown method': 'devices.reboot (no such method)',
    };
    return `${this.connection} sends ${what[this.kind]}`;
  }
}
