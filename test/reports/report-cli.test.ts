/**
 * `fleetcert report render | summary | verify` through the real CLI edge: exact wording and
 * exit codes (0 unchanged, 1 changed, 2 unreadable or bad usage).
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/canonical-json.js';
import { runInProcess as run } from '../support/in-process-cli.js';
import { RESULT_FIXTURES_DIR } from '../support/reports/fixtures.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-report-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fleetcert report render', () => {
  it('writes report.html, result.json and junit.xml and names them', async () => {
    const out = join(dir, 'failing');
    const { code, stdout, stderr } = await run(
      'report',
      'render',
      join(RESULT_FIXTURES_DIR, 'failing.json'),
      '--out',
      out,
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const digest = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')).integrity.digest;
    expect(stdout).toBe(
      `Reports for bulb-0002 not certified (13 passed, 2 failed, 6 not run):\n  ${join(out, 'report.html')}\n  ${join(out, 'result.json')}\n  ${join(out, 'junit.xml')}\n  digest sha256:${digest}\n`,
    );
  });

  it('refuses to re-seal a result.json that was changed (exit 1)', async () => {
    const out = join(dir, 'reseal');
    await run('report', 'render', join(RESULT_FIXTURES_DIR, 'failing.json'), '--out', out);
    const path = join(out, 'result.json');
    await writeFile(
      path,
      (await readFile(path, 'utf8')).replace('"verdict": "not-certified"', '"verdict": "certified"'),
    );
    const { code, stderr } = await run('report', 'render', path, '--out', join(dir, 'laundered'));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `^fleetcert: ${path.replaceAll('/', '\\/')} was changed after it was sealed, so it is not rendered again \\(that would seal the change\\):\\n  - its content does not match its digest`,
      ),
    );
    expect(stderr.endsWith('[FLEETCERT_REPORT_TAMPERED]\n')).toBe(true);
    expect(existsSync(join(dir, 'laundered'))).toBe(false);
  });

  it('says what is wrong with a file that is not a result (exit 2)', async () => {
    const path = join(dir, 'not-a-result.json');
    await writeFile(path, '{"schema": "fleetcert.certification-result/1"}');
    const { code, stderr } = await run('report', 'render', path, '--out', join(dir, 'nothing'));
    expect(code).toBe(2);
    expect(stderr).toContain(
      `fleetcert: ${path} is not a fleetcert certification result (schema fleetcert.certification-result/2):\n  - $.tool is missing\n`,
    );
    const missing = await run('report', 'render', join(dir, 'missing.json'));
    expect(missing).toMatchObject({
      code: 2,
      stderr: `fleetcert: cannot read result file ${join(dir, 'missing.json')}: no such file. Check the path. [FLEETCERT_FILE]\n`,
    });
  });
});

describe('fleetcert report verify', () => {
  it('exit 0 and the digest, signature and verdict for an unchanged report', async () => {
    const out = join(dir, 'verify-ok');
    await run('report', 'render', join(RESULT_FIXTURES_DIR, 'passing.json'), '--out', out);
    const digest = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')).integrity.digest;
    for (const file of ['report.html', 'result.json']) {
      const path = join(out, file);
      expect(await run('report', 'verify', path)).toEqual({
        code: 0,
        stdout: `integrity only: ${path} matches its own digest, but it is not signed: anyone could have rewritten it and computed a new digest.\n  digest     sha256:${digest}\n  signature  none (integrity only; sign with --sign-key, require a signature with --public-key)\n  verdict    bulb-0001 certified (18 passed, 0 failed, 3 not run)\n`,
        stderr: '',
      });
    }
  });

  it('exit 1 and what changed, when one byte of a verdict was changed', async () => {
    const out = join(dir, 'verify-changed');
    await run('report', 'render', join(RESULT_FIXTURES_DIR, 'failing.json'), '--out', out);
    const html = join(out, 'report.html');
    await writeFile(
      html,
      (await readFile(html, 'utf8')).replace(
        'data-verdict="fail">Not certified<',
        'data-verdict="fail">Not certifieD<',
      ),
    );
    const result = await run('report', 'verify', html);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^CHANGED: ${html.replaceAll('/', '\\/')} was changed after it was written, or is not signed by the key it must be:\\n  - its page differs from the page its embedded result renders to, first at line \\d+ \\(in the verdict section\\): expected \`[^\`]*Not certified<[^\`]*\`, found \`[^\`]*Not certifieD<[^\`]*\`\\n$`,
      ),
    );
  });

  it('checks a signature with --public-key: exit 0 with the right key, 1 with another', async () => {
    const keys = (name: string) => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      return {
        priv: [
          join(dir, `${name}.pem`),
          privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        ] as const,
        pub: [
          join(dir, `${name}.pub.pem`),
          publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        ] as const,
      };
    };
    const signer = keys('signer');
    const other = keys('other');
    for (const [path, pem] of [signer.priv, signer.pub, other.pub]) await writeFile(path, pem);
    const out = join(dir, 'signed');
    const rendered = await run(
      'report',
      'render',
      join(RESULT_FIXTURES_DIR, 'passing.json'),
      '--out',
      out,
      '--sign-key',
      signer.priv[0],
    );
    expect(rendered.stdout).toMatch(/ \(signed\)\n$/);
    const good = await run('report', 'verify', join(out, 'report.html'), '--public-key', signer.pub[0]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /\n {2}signature {2}valid Ed25519 signature by the given key SHA256:\S{16}\n/,
    );
    const noKey = await run('report', 'verify', join(out, 'result.json'));
    expect(noKey.stdout).toMatch(
      / {2}signature {2}valid Ed25519 signature by key SHA256:\S{16}, not checked against a key you trust\n/,
    );
    const bad = await run('report', 'verify', join(out, 'result.json'), '--public-key', other.pub[0]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /^CHANGED: .* was changed after it was written, or is not signed by the key it must be:\n {2}- it is signed by key SHA256:\S{16}, not by the given public key SHA256:\S{16}\n$/,
    );
  });

  it('a NOT CERTIFIED result edited to CERTIFIED and given a new digest: "integrity only" without a key, exit 1 with --key', async () => {
    const out = join(dir, 'forged');
    await run('report', 'render', join(RESULT_FIXTURES_DIR, 'failing.json'), '--out', out);
    const path = join(out, 'result.json');
    const { integrity: _old, ...body } = JSON.parse(await readFile(path, 'utf8'));
    expect(body.verdict).toBe('not-certified');
    const forged = { ...body, verdict: 'certified' };
    // What anyone can do: the digest is a public function of the content.
    const digest = createHash('sha256').update(canonicalJson(forged), 'utf8').digest('hex');
    await writeFile(path, `${JSON.stringify({ ...forged, integrity: { algorithm: 'sha256', digest } })}\n`);
    const plain = await run('report', 'verify', path);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^integrity only: .* not signed: anyone could have rewritten it/);
    expect(plain.stdout).not.toMatch(/as it was written/);
    const { publicKey } = generateKeyPairSync('ed25519');
    const keyPath = join(dir, 'forged-check.pub.pem');
    await writeFile(keyPath, publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const keyed = await run('report', 'verify', path, '--key', keyPath);
    expect(keyed.code).toBe(1);
    expect(keyed.stdout).toContain('it is not signed, but a public key was given');
  });

  it('exit 2 for a file that cannot be read or is not a report', async () => {
    const missing = join(dir, 'nope.html');
    expect(await run('report', 'verify', missing)).toEqual({
      code: 2,
      stdout: '',
      stderr: `fleetcert: cannot read report ${missing}: no such file. Pass the report.html or result.json that \`fleetcert report render\` or \`fleetcert certify\` wrote. [FLEETCERT_REPORT_UNREADABLE]\n`,
    });
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'just notes');
    expect((await run('report', 'verify', text)).code).toBe(2);
    expect((await run('report', 'verify')).code).toBe(2);
  });
});

describe('fleetcert report summary', () => {
  it("writes each device's reports and a summary page linking them", async () => {
    const out = join(dir, 'summary');
    const { code, stdout } = await run(
      'report',
      'summary',
      join(RESULT_FIXTURES_DIR, 'passing.json'),
      join(RESULT_FIXTURES_DIR, 'failing.json'),
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(stdout).toBe(`Summary of 2 devices (1 certified): ${join(out, 'index.html')}\n`);
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<a href="bulb-0001/report.html">');
    expect(index).toContain('<a href="bulb-0002/report.html">');
    for (const device of ['bulb-0001', 'bulb-0002']) {
      for (const file of ['report.html', 'result.json', 'junit.xml'])
        expect(existsSync(join(out, device, file))).toBe(true);
    }
  });

  it('refuses two results for the same device (exit 2)', async () => {
    const passing = join(RESULT_FIXTURES_DIR, 'passing.json');
    const { code, stderr } = await run('report', 'summary', passing, passing, '--out', join(dir, 'twice'));
    expect(code).toBe(2);
    expect(stderr).toBe(
      `fleetcert: ${passing} and ${passing} are both results for device bulb-0001; a summary lists each device once. Pass one result per device. [FLEETCERT_USAGE]\n`,
    );
  });
});

describe('fleetcert report for a hub and for a /1 device result', () => {
  it('renders and verifies a hub result, naming the hub', async () => {
    const out = join(dir, 'hub');
    const rendered = await run(
      'report',
      'render',
      join(RESULT_FIXTURES_DIR, 'hub-failing.json'),
      '--out',
      out,
    );
    expect(rendered).toMatchObject({ code: 0, stderr: '' });
    expect(rendered.stdout).toMatch(
      /^Reports for hub fleetcert hub --fault action-keeps-device-id not certified \(3 passed, 2 failed, 0 not run\):\n/,
    );
    const verified = await run('report', 'verify', join(out, 'report.html'));
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(
      '  verdict    hub fleetcert hub --fault action-keeps-device-id not certified (3 passed, 2 failed, 0 not run)\n',
    );
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('name="hub.app.app-b" value="*"');
  });

  it('renders a /1 device result as /2, sealed anew, and lists a hub beside devices in a summary', async () => {
    const out = join(dir, 'v1');
    const rendered = await run(
      'report',
      'render',
      join(RESULT_FIXTURES_DIR, 'v1', 'passing.json'),
      '--out',
      out,
    );
    expect(rendered).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect([result.schema, result.subject.kind, result.subject.id]).toEqual([
      'fleetcert.certification-result/2',
      'device',
      'bulb-0001',
    ]);
    expect((await run('report', 'verify', join(out, 'report.html'))).code).toBe(0);
    const summary = join(dir, 'mixed');
    const { code, stdout } = await run(
      'report',
      'summary',
      join(RESULT_FIXTURES_DIR, 'hub-failing.json'),
      join(RESULT_FIXTURES_DIR, 'v1', 'passing.json'),
      '--out',
      summary,
    );
    expect(code).toBe(0);
    expect(stdout).toBe(
      `Summary of 1 hub(s) and 1 device(s) (1 certified): ${join(summary, 'index.html')}\n`,
    );
    const index = await readFile(join(summary, 'index.html'), 'utf8');
    expect(index).toContain('<a href="hub-fleetcert_hub_--fault_action-keeps-device-id/report.html">');
    expect(index).toContain('<a href="bulb-0001/report.html">');
  });
});
