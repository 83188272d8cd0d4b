import { describe, expect, it } from 'vitest';
import { loadResultFixture } from '../../test/support/reports/fixtures.js';
import { sealResult } from '../integrity/seal.js';
import { buildJunitTree, counterexampleText, renderJunitXml } from './junit.js';
import type { XmlElement } from './xml.js';

const children = (element: XmlElement | undefined, name: string) =>
  (element?.children ?? []).filter((c) => c.name === name);

describe('JUnit XML', () => {
  it('has one testsuite whose counts match the result (failing fixture)', async () => {
    const result = sealResult(await loadResultFixture('failing'));
    const root = buildJunitTree(result);
    expect(root.name).toBe('testsuites');
    const suites = children(root, 'testsuite');
    expect(suites).toHaveLength(1);
    const suite = suites[0]!;
    const cases = children(suite, 'testcase');
    expect(cases).toHaveLength(result.requirements.length);
    const withChild = (name: string) => cases.filter((c) => children(c, name).length > 0).length;
    expect(withChild('failure')).toBe(result.counts.failed);
    expect(withChild('skipped')).toBe(result.counts.notRun);
    for (const element of [root, suite]) {
      expect(element.attributes).toMatchObject({
        tests: result.requirements.length,
        failures: result.counts.failed,
        skipped: result.counts.notRun,
        errors: 0,
      });
    }
    expect(suite.attributes?.name).toBe('EDP/1 certification of bulb-0002 (fleetcert.bulb.v1)');
    expect(cases.map((c) => String(c.attributes?.name).split(' ')[0]).slice(0, 3)).toEqual([
      'EDP-RPC-1',
      'EDP-RPC-2',
      'EDP-RPC-3',
    ]);
  });

  it('puts the counterexample in the failure and the reason in skipped', async () => {
    const result = sealResult(await loadResultFixture('failing'));
    const cases = children(children(buildJunitTree(result), 'testsuite')[0], 'testcase');
    const prop4 = cases.find((c) => String(c.attributes?.name).startsWith('EDP-PROP-4 '))!;
    const failure = children(prop4, 'failure')[0]!;
    expect(failure.attributes).toMatchObject({ type: 'EDP-PROP-4' });
    expect(failure.attributes?.message).toMatch(/^set_properties of light\.brightness \(2\.2\) = 101/);
    expect(failure.text).toContain('  2. set_properties [light.brightness (2.2) = 101]');
    expect(failure.text).toContain(
      '  6. +8.9 ms  device → harness  edp/1/bulb-0002/rpc/reply  {"id": 1843021998, "result": [{"siid": 2, "piid": 2, "code": 0}]}\n       expected: code -4005 (invalid value: 101 is outside 1..100)\n       observed: code 0 (write accepted)',
    );
    expect(failure.text).toMatch(
      /Replay \(seed 1731, path 36:1:0\):\n {2}fleetcert certify .*--only EDP-PROP-4$/,
    );
    const mqtt2 = cases.find((c) => String(c.attributes?.name).startsWith('EDP-MQTT-2 '))!;
    expect(children(mqtt2, 'skipped')[0]?.attributes?.message).toBe(
      "cutting the device's connection needs broker control (use --listen)",
    );
    expect(prop4.attributes?.classname).toBe('edp.prop');
  });

  it('serializes counts that a reader of the text sees too', async () => {
    const result = sealResult(await loadResultFixture('passing'));
    const xml = renderJunitXml(result);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="fleetcert" tests="21" failures="0" errors="0" skipped="3"',
      ),
    ).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(21);
    expect(xml).not.toContain('<failure');
    expect(xml).toContain(`<property name="result.sha256" value="${result.integrity?.digest}"/>`);
  });

  it('shows a passed rule’s note in its system-out (issue 11)', async () => {
    const result = await loadResultFixture('passing');
    const noted = {
      ...result,
      requirements: result.requirements.map((r) =>
        r.rule === 'EDP-RPC-1' ? { ...r, notes: ['graceful shutdown was not observed'] } : r,
      ),
    };
    const xml = renderJunitXml(noted);
    expect(xml).toMatch(
      /EDP-RPC-1[^>]*>\s*<system-out>note: graceful shutdown was not observed<\/system-out>/,
    );
  });
});

describe('JUnit XML for a hub', () => {
  it('names the hub, its fleet and its app tokens (names only), and shows who sent what to whom', async () => {
    const result = sealResult(await loadResultFixture('hub-failing'));
    const root = buildJunitTree(result);
    const suite = children(root, 'testsuite')[0]!;
    expect(suite.attributes).toMatchObject({
      name: 'EDP/1 hub certification of fleetcert hub --fault action-keeps-device-id',
      hostname: '127.0.0.1:41873',
      tests: 5,
      failures: 2,
      skipped: 0,
    });
    const properties = Object.fromEntries(
      children(children(suite, 'properties')[0], 'property').map((p) => [
        p.attributes?.name,
        p.attributes?.value,
      ]),
    );
    expect(properties).toMatchObject({
      'hub.url': 'ws://127.0.0.1:41873/edp/1/hub',
      'hub.deadline_ms': '2000',
      'hub.app.app-a': 'bulb-0001 tv-0001 tv-0002 ghost-0001',
      'hub.app.app-b': '*',
    });
    expect(properties['hub.fleet']).toContain('tv-0002=fleetcert.tv.v1/ws');
    const hub3 = children(suite, 'testcase').find((c) => String(c.attributes?.name).startsWith('EDP-HUB-3'));
    const text = children(hub3, 'failure')[0]?.text ?? '';
    expect(text).toContain('app-b#1 → hub');
    expect(text).toContain('bulb-0001 → hub');
    expect(text).toContain('hub → app-b#1');
    expect(text).toContain('bulb-0001 note');
    expect(children(hub3, 'system-out')[0]?.text).toContain(
      'hub: fleetcert hub --fault action-keeps-device-id (ws://127.0.0.1:41873/edp/1/hub)',
    );
    expect(renderJunitXml(result)).not.toMatch(/token"|secret/i);
  });

  it('says what a counterexample without commands means instead of an empty list (issue 21)', async () => {
    const failing = await loadResultFixture('failing');
    const failed = failing.requirements.find((r) => r.verdict === 'failed');
    if (failed?.verdict !== 'failed') throw new Error('the failing fixture has a failed rule');
    const text = counterexampleText({
      ...failed,
      counterexample: { ...failed.counterexample, commands: [] },
    });
    expect(text).toContain(
      'Minimal command sequence:\n  none: the run’s setup alone shows this failure (what fleetcert sends before its first generated command',
    );
    expect(counterexampleText(failed)).not.toContain('setup alone');
  });

  it('says a failure that did not reproduce passed against the same hub, not device', async () => {
    const result = await loadResultFixture('hub-failing');
    const requirements = result.requirements.map((r) =>
      r.verdict === 'failed' && r.rule === 'EDP-HUB-3' ? { ...r, reproduced: false } : r,
    );
    const suite = children(buildJunitTree(sealResult({ ...result, requirements })), 'testsuite')[0];
    const hub3 = children(suite, 'testcase').find((c) => String(c.attributes?.name).startsWith('EDP-HUB-3'));
    const text = children(hub3, 'failure')[0]?.text ?? '';
    expect(text).toContain('Seen, not reproduced: this replay passed against the same hub');
    expect(text).not.toContain('same device');
  });
});
