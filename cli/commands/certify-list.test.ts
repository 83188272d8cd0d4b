/** `certify --list` / `certify hub --list`: every rule, its statement, and whether it applies (issue 21). */
import { describe, expect, it } from 'vitest';
import { combineApplicability, modelApplicability } from '../../conformance/catalogue/model-applicability.js';
import { applicability, requirementsFor } from '../../conformance/catalogue/requirements.js';
import { loadModelFile } from '../../src/model/load.js';
import { runInProcess } from '../../test/support/in-process-cli.js';
import { applicabilityText, TLS_NOT_RUN } from './certify-list.js';

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
    const { model } = await loadModelFile('fixtures/models/bulb.json');
    for (const rule of requirementsFor('device')) {
      if (rule.section === 9 && mode === 'listen') continue; // without --listen-tls: the test below
      // The binding's verdict, made stricter by the model's where the rule depends on it.
      const byModel = modelApplicability(rule.id, model);
      const binding = applicability(rule, mode);
      const text = applicabilityText(
        byModel === undefined ? binding : combineApplicability(binding, byModel.applicability),
      );
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

  it('with --listen alone the TLS rules (section 9) are "not run in this mode", with --listen-tls they apply; nothing claims a run happened', async () => {
    const tlsRules = requirementsFor('device').filter((r) => r.section === 9);
    expect(tlsRules.map((r) => r.id)).toEqual([
      'EDP-TLS-1',
      'EDP-TLS-2',
      'EDP-TLS-3',
      'EDP-TLS-4',
      'EDP-TLS-5',
      'EDP-TLS-6',
    ]);
    const statusAfter = (stdout: string, statement: string) =>
      stdout.slice(stdout.indexOf(statement) + statement.length).trimStart();
    const plain = await runInProcess('certify', '--list', '--listen', '0');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('binding: MQTT, embedded broker (--listen)');
    for (const rule of tlsRules)
      expect(statusAfter(plain.stdout, rule.statement).startsWith(`→ ${TLS_NOT_RUN}\n`), rule.id).toBe(true);
    const tls = await runInProcess('certify', '--list', '--listen-tls', '8883', '--tls-host', 'broker.lan');
    expect(tls.code).toBe(0);
    expect(tls.stdout).toContain('binding: MQTT over TLS, embedded broker (--listen-tls)');
    for (const rule of tlsRules)
      expect(statusAfter(tls.stdout, rule.statement).startsWith('→ applies'), rule.id).toBe(true);
    for (const [flag, value] of [
      ['--listen', '0'],
      ['--ws', 'ws://127.0.0.1:1/edp/1'],
      ['--broker', 'mqtt://127.0.0.1:1'],
    ]) {
      const outcome = await runInProcess('certify', '--list', flag!, value!);
      expect(outcome.stdout).toMatch(/nothing is run/);
      expect(outcome.stdout, flag).not.toMatch(/\bwas (certified|checked)\b|\bwere checked\b/);
    }
  });

  it('with --model: each rule says whether the model gives it anything to check, and names what (bulb vs TV)', async () => {
    const ruleBlock = (stdout: string, rule: string) => {
      const start = stdout.indexOf(`${rule} `);
      const next = stdout.slice(start + rule.length).search(/\nEDP-/);
      return stdout.slice(start, next < 0 ? undefined : start + rule.length + next);
    };
    const bulb = await runInProcess('certify', '--list', '--model', 'fixtures/models/bulb.json');
    const tv = await runInProcess(
      'certify',
      '--list',
      '--model',
      'fixtures/models/tv.json',
      '--ws',
      'ws://h:1/edp/1',
    );
    expect([bulb.code, tv.code]).toEqual([0, 0]);
    expect(ruleBlock(bulb.stdout, 'EDP-NOTIFY-3')).toContain(
      '→ not applicable: the model declares no events',
    );
    expect(ruleBlock(tv.stdout, 'EDP-NOTIFY-3')).toContain(
      '→ judges the arguments of: television.app-launched (2.1)',
    );
    expect(ruleBlock(bulb.stdout, 'EDP-PROP-3')).toContain(
      '→ writes: light.on (2.1), light.brightness (2.2), light.color-temperature (2.3), light.color (2.4), light.mode (2.5)',
    );
    expect(ruleBlock(tv.stdout, 'EDP-ACT-2')).toMatch(
      /→ applies\n.*→ calls: television\.channel-up \(2\.1\)/,
    );
    expect(ruleBlock(bulb.stdout, 'EDP-ACT-2')).toContain('→ applies in part: no guarded (`when`) action');
    // The binding still decides binding rules; the model does not make them apply.
    expect(ruleBlock(tv.stdout, 'EDP-MQTT-1')).toContain('→ not applicable: ');
    // Without a binding option, envelope rules say nothing (they do not depend on the model).
    expect(ruleBlock(bulb.stdout, 'EDP-RPC-2')).not.toContain('→');
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
