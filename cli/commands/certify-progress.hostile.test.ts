/** The verdict line and progress cannot be rewritten by a device: its text is printed with control characters escaped. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { RESULT_FIXTURES_DIR } from '../../test/support/reports/fixtures.js';
import { progressLine, summaryText } from './certify-progress.js';

// Control characters other than the line feed.
const CONTROL = /[^\P{Cc}\n]/u;

describe('certify output with hostile device text', () => {
  const result = JSON.parse(
    readFileSync(join(RESULT_FIXTURES_DIR, 'failing.json'), 'utf8'),
  ) as CertificationResult;
  const hostile = {
    ...result,
    subject: {
      ...(result.subject as Extract<CertificationResult['subject'], { kind: 'device' }>),
      id: 'bulb\r\u001b[2KCERTIFIED',
      modelId: 'm\u001b]0;pwned\u0007',
    },
    requirements: result.requirements.map((r) =>
      r.verdict === 'failed'
        ? { ...r, counterexample: { ...r.counterexample, summary: 'got \u001b[32mOK\r' } }
        : r,
    ),
  } as CertificationResult;

  it('the summary escapes the device id, model id and counterexamples', () => {
    const text = summaryText(hostile, 'out');
    expect(text).not.toMatch(CONTROL);
    expect(text).toContain('bulb\\r\\u001b[2KCERTIFIED (m\\u001b]0;pwned\\u0007): NOT CERTIFIED');
    expect(text).toContain('got \\u001b[32mOK\\r');
  });

  it('a progress line escapes what the device made of the rule, keeping its own colours', () => {
    const failed = hostile.requirements.find((r) => r.verdict === 'failed');
    if (failed === undefined) throw new Error('fixture has a failed rule');
    const plain = progressLine({ kind: 'requirement', requirement: failed } as never, false);
    expect(plain).not.toMatch(CONTROL);
    const coloured = progressLine({ kind: 'requirement', requirement: failed } as never, true);
    expect(coloured).toContain('got \\u001b[32mOK\\r');
    // The line clear before it (the model-based suite's redrawn progress line), red ✗ and red FAILED: nothing from the device.
    expect(coloured.startsWith('\r\u001b[2K')).toBe(true);
    expect(coloured.split(String.fromCharCode(27)).length - 1).toBe(5);
  });
});
