/** `certify --list` / `certify hub --list`: every rule, its statement, and whether it applies (issue 21). */
import { describe, expect, it } from 'vitest';
import { applicability, requirementsFor } from '../../../conformance/catalogue/requirements.js';
import { runInProcess } from '../../../test/support/in-process-cli.js';
import { applicabilityText } from './certify-list.js';

describe('certify --list', () => {
  it('prints every device rule with its statement, and exits 0 without a device', async () => {
    const outcome = await runInProcess('certify', '--list');
    expect(outcome.code).toBe(0);
    for (const rule of requirementsFor('device')) {
      expect(outcome.stdout).toContain(`${rule.id}`);
      expect(outcome.stdout).toContain(rule.statement);
    }
    expect(outcome.stdout).not.toContain('→ applies');
  });

  it.each([
    ['--ws', 'ws://127.0.0.1:1/edp/1', 'ws'],
    ['--listen', '0', 'listen'],
    ['--broker', 'mqtt://127.0.0.1:1', 'broker'],
  ] as const)('with %s: each rule says whether it applies there', async (flag, value, mode) => {
    const outcome = await runInProcess(
      'certify',
      '--list',
      flag,
      value,
      '--model',
      'fixtures/models/bulb.json',
    );
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('model: fleetcert.bulb.v1');
    for (const rule of requirementsFor('device')) {
      const text = applicabilityText(applicability(rule, mode));
      const at = outcome.stdout.indexOf(rule.statement);
      expect(
        outcome.stdout
          .slice(at + rule.statement.length)
          .trimStart()
          .startsWith(`→ ${text}`),
      ).toBe(true);
    }
    // The bindings differ: some rule is not applicable over WebSocket that is over MQTT, and back.
    expect(outcome.stdout).toMatch(/not applicable: /);
  });

  it('certify hub --list prints every hub rule', async () => {
    const outcome = await runInProcess('certify', 'hub', '--list', '--hub-command', 'my-hub');
    expect(outcome.code).toBe(0);
    for (const rule of requirementsFor('hub'))
      expect(outcome.stdout).toContain(`${rule.id}  ${rule.statement}`);
    expect(outcome.stdout).toContain('→ applies');
  });

  it('a bad --model is bad input (exit 2); without --list the device id is still required', async () => {
    expect((await runInProcess('certify', '--list', '--model', 'no-such-model.json')).code).toBe(2);
    const missing = await runInProcess('certify', '--broker', 'mqtt://127.0.0.1:1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing required argument: device-id');
  });
});
