import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { coalesceWrites } from './coalesced-writes.js';

/** A duplex that records each batch its writable side flushes (one batch = one system call on a socket). */
function recordingStream(highWaterMark = 16 * 1024): { stream: Duplex; batches: string[][] } {
  const batches: string[][] = [];
  const stream = new Duplex({
    highWaterMark,
    read() {},
    write(chunk: Buffer, _encoding, done) {
      batches.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      batches.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      done();
    },
  });
  return { stream, batches };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceWrites', () => {
  it('sends the writes of one turn in one batch, in order, and the next turn in another', async () => {
    const { stream, batches } = recordingStream();
    coalesceWrites(stream);
    stream.write('a');
    // mqtt-packet's own cork/uncork on the next tick, and ws's synchronous one, inside the turn.
    stream.cork();
    stream.write('b');
    process.nextTick(() => stream.uncork());
    await Promise.resolve();
    stream.write('c');
    expect(batches).toEqual([]);
    await turn();
    expect(batches).toEqual([['a', 'b', 'c']]);
    setImmediate(() => {
      stream.write('d');
      stream.write('e');
    });
    await turn();
    await turn();
    expect(batches).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('keeps write callbacks and back-pressure: false past the high-water mark, drain after the flush', async () => {
    const { stream, batches } = recordingStream(4);
    coalesceWrites(stream);
    const written: string[] = [];
    expect(stream.write('12', () => written.push('12'))).toBe(true);
    expect(stream.write('3456', () => written.push('3456'))).toBe(false);
    const drained = new Promise((resolve) => stream.once('drain', resolve));
    await drained;
    expect(batches).toEqual([['12', '3456']]);
    expect(written).toEqual(['12', '3456']);
  });

  it('leaves a stream destroyed inside the turn without throwing', async () => {
    const { stream, batches } = recordingStream();
    coalesceWrites(stream);
    stream.on('error', () => {});
    stream.write('a');
    stream.destroy();
    await turn();
    expect(batches).toEqual([]);
    expect(() => stream.write('b')).not.toThrow();
  });
});
