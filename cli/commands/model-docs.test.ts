/** docs/model-format.md shows a valid worked example and the exact text `model validate` prints. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ModelValidationError, parseModelText } from '../../src/model/index.js';
import { formatVerdict } from './model.js';

describe('docs/model-format.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/model-format.md'), 'utf8');

  it('has a worked example that is a valid model', () => {
    const json = /```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(() => parseModelText(json, 'worked example')).not.toThrow();
  });

  it('shows the exact output for the mistakes it describes', () => {
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '');
    example.services[1].properties[1].when.equals = 'yes';
    example.services[1].properties[2].range = [0, 725, 15];
    const shown = /```text\n(✘ plug\.json[\s\S]*?)```/.exec(doc)?.[1];
    const error = (() => {
      try {
        parseModelText(JSON.stringify(example), 'plug.json');
      } catch (e) {
        return e as ModelValidationError;
      }
    })();
    expect(shown).toBeDefined();
    expect(formatVerdict({ file: 'plug.json', ok: false, problems: error?.problems ?? [] })).toBe(shown);
  });
});
