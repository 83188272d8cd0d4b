/** Model files an attacker or a careless generator writes (issue 12): each gets a clear error naming the limit. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileJson, nestedText } from '../../test/support/src/protocol/index.js';
import { ModelFileError, ModelValidationError } from './errors.js';
import { loadModelFile, parseModelText } from './load.js';
import { servedBytes } from './validate.js';

const BULB = readFileSync(join(import.meta.dirname, '../../fixtures/models/bulb.json'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'fleetcert-model-limits-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('model file limits', () => {
  it('refuses a file over 1 MiB before reading it, naming the limit and EDP-RPC-6', async () => {
    const path = file('huge.json', `{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`);
    const error = await loadModelFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toMatch(
      /is 3145738 bytes, over the limit of 1 MiB for model files.*EDP-RPC-6/,
    );
  });

  it('refuses nesting 100,000 deep with the limit and where, without a stack overflow', () => {
    expect(() => parseModelText(nestedText(100_000, '1', ['{']), 'deep.json')).toThrow(
      /deep\.json nests arrays and objects deeper than the limit of 64 levels \(at \$\.a\.a/,
    );
  });

  it('refuses duplicate member names, with the path and position of each', () => {
    const text = BULB.replace('"edp": 1,', '"edp": 1,\n  "edp": 1,').replace(
      '"siid": 1,',
      '"siid": 1,\n      "siid": 1,',
    );
    let error: unknown;
    try {
      parseModelText(text, 'dup.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelFileError);
    const message = (error as Error).message;
    const line =
      text.split('\n').findIndex((l, i, all) => l.includes('"edp": 1') && all[i - 1]?.includes('"edp": 1')) +
      1;
    expect(message).toContain(`$: member "edp" appears again at line ${line}, column 3`);
    expect(message).toMatch(/\$\.services\[0\]: member "siid" appears again at line \d+/);
    expect((error as ModelFileError).line).toBe(line);
  });

  it('a model whose get_model response is over 65,536 bytes is invalid, with the reason (EDP-RPC-6)', () => {
    const model = JSON.parse(BULB) as { description: string };
    model.description = 'd'.repeat(70_000);
    let error: unknown;
    try {
      parseModelText(JSON.stringify(model), 'big.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelValidationError);
    expect((error as Error).message).toMatch(
      /too large to serve: its get_model response is \d+ bytes.*EDP-RPC-6/,
    );
  });

  it('a model nested deeper than a message may be (members added 40 deep) is invalid, with the path', () => {
    const model = JSON.parse(BULB) as { services: { vendor?: unknown }[] };
    (model.services[1] as { vendor?: unknown }).vendor = JSON.parse(nestedText(40, '1'));
    expect(() => parseModelText(JSON.stringify(model), 'nested.json')).toThrow(
      /\$\.services\[1\]\.vendor(\[0\])+: the model nests arrays and objects deeper than 31 levels/,
    );
    (model.services[1] as { vendor?: unknown }).vendor = JSON.parse(nestedText(20, '1'));
    expect(() => parseModelText(JSON.stringify(model), 'nested.json')).not.toThrow();
  });

  it('a model right at the limit is valid', () => {
    const model = JSON.parse(BULB) as { description: string };
    const base = servedBytes(parseModelText(BULB, 'bulb.json').model);
    model.description = `${model.description}${'d'.repeat(65_536 - base)}`;
    expect(servedBytes(parseModelText(JSON.stringify(model), 'edge.json').model)).toBe(65_536);
  });

  it('lists the first 50 problems of a model with thousands, and counts the rest', () => {
    const model = JSON.parse(BULB) as { services: { properties: unknown[] }[] };
    const service = model.services[1] as { properties: unknown[] };
    service.properties = Array.from({ length: 3_000 }, (_, i) => ({ piid: i + 1, format: 'nope' }));
    let error: unknown;
    try {
      parseModelText(JSON.stringify(model), 'many.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelValidationError);
    const message = (error as ModelValidationError).message;
    const total = (error as ModelValidationError).problems.length;
    expect(total).toBeGreaterThan(3_000);
    expect(message.split('\n').length).toBe(1 + 50 + 1);
    expect(message).toContain(`… and ${total - 50} more (${total} in all)`);
  });

  it('never throws anything but its two errors, whatever the text (property)', () => {
    fc.assert(
      fc.property(hostileJson(), (hostile) => {
        try {
          parseModelText(hostile.text, 'hostile.json');
        } catch (error) {
          expect(error instanceof ModelFileError || error instanceof ModelValidationError).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
