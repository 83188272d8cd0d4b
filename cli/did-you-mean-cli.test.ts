/** "did you mean" for flags, commands, fault names and rule ids, through the CLI (issue 21). */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../test/support/in-process-cli.js';

describe('did you mean', () => {
  it.each([
    [['certify', '--device-id', 'x', '--brokr', 'mqtt://h'], '--brokr: did you mean --broker?'],
    // A typo that hides a required option is still named.
    [['certify', '--brokr', 'mqtt://h'], 'did you mean --broker?'],
    [['simulate', '--fleet', 'bulb=1', '--brokr', 'mqtt://h'], 'did you mean --broker?'],
    [
      ['simulate', '--modle', 'm.json', '--tyep', 'bulb'],
      '--modle: did you mean --model?\n--tyep: did you mean --type?',
    ],
    [['certify', 'hub', '--onlyy', 'EDP-HUB-1'], '--onlyy: did you mean --only?'],
    [['certfy'], 'Did you mean certify?'],
    [['model', 'valdate', 'x.json'], 'Did you mean validate?'],
    [
      ['simulate', '--type', 'bulb', '--fault', 'stale-notifcation'],
      'unknown fault "stale-notifcation". Did you mean stale-notification? Use NAME',
    ],
    [
      ['certify', 'hub', '--hub-command', 'true', '--only', 'EDP-HUB3'],
      'did you mean EDP-HUB-3? choose from',
    ],
  ])('%j', async (args, hint) => {
    const outcome = await runInProcess(...args);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(hint);
  });

  it('guesses nothing when nothing is close', async () => {
    const outcome = await runInProcess('certify', 'hub', '--xyzzy', '1');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('Unknown argument: xyzzy');
    expect(outcome.stderr).not.toContain('did you mean');
  });

  it('offers no device rule for a hub rule given to device certify', async () => {
    const outcome = await runInProcess(
      'certify',
      '--ws',
      'ws://127.0.0.1:1/edp/1',
      '--device-id',
      'x',
      '--token',
      't',
      '--only',
      'EDP-HUB-1',
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('not a rule fleetcert checks for a device; choose from');
  });

  it('never offers a rule with another number', async () => {
    const outcome = await runInProcess('certify', 'hub', '--hub-command', 'true', '--only', 'EDP-HUB9');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).not.toContain('did you mean');
  });
});
