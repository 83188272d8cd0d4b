import { describe, expect, it } from 'vitest';
import { parseFleet, resolveCertifyHubOptions } from './certify-hub-options.js';

const TYPES = ['bulb', 'purifier', 'tv'];

describe('certify hub options', () => {
  it('reads --fleet as reference types or model files with counts', () => {
    expect(parseFleet('bulb=6, purifier=4,./models/lamp.json=2,tv', TYPES)).toEqual([
      { source: { kind: 'reference', type: 'bulb' }, count: 6 },
      { source: { kind: 'reference', type: 'purifier' }, count: 4 },
      { source: { kind: 'file', path: './models/lamp.json' }, count: 2 },
      { source: { kind: 'reference', type: 'tv' }, count: 1 },
    ]);
    expect(() => parseFleet('bulb=100000', TYPES)).toThrow(/at most 500/);
  });

  it('resolves "fleetcert" in --hub-command to this tool, keeps the written command for the report, and replays with the same fleet', () => {
    const options = resolveCertifyHubOptions(
      { hubCommand: 'fleetcert hub --fault forward-twice', seed: 4 },
      TYPES,
    );
    expect(options.hub.kind).toBe('hub-command');
    if (options.hub.kind !== 'hub-command') return;
    expect(options.hub.command[0]).toBe(process.execPath);
    expect(options.hub.command[1]).toMatch(/bin\/fleetcert\.js$/);
    expect(options.hub.command.slice(2)).toEqual(['hub', '--fault', 'forward-twice']);
    expect(options.hub.display).toBe('fleetcert hub --fault forward-twice');
    expect(options.replayCommand(undefined, 'EDP-HUB-2')).toBe(
      "fleetcert certify hub --hub-command 'fleetcert hub --fault forward-twice' --fleet bulb=6,purifier=4,tv=2 --seed 4 --only EDP-HUB-2 --out fleetcert-report/replay-EDP-HUB-2",
    );
  });

  it('replays with the run seed (grants, fleet, cast), not the replay token seed, and prints both (issue 18 item 5)', () => {
    const options = resolveCertifyHubOptions(
      { hubCommand: 'fleetcert hub', seed: 4, replay: '991:3:1', out: 'runs/hub-1' },
      TYPES,
    );
    expect(options.seed).toBe(4);
    expect(options.replay).toEqual({ seed: 991, path: '3:1' });
    expect(options.replayCommand({ seed: 991, path: '3:1' }, 'EDP-HUB-3')).toContain(
      '--seed 4 --replay 991:3:1 --only EDP-HUB-3 --out runs/hub-1/replay-EDP-HUB-3',
    );
    // A bare --replay (an older printed command) keeps reading the token's seed as the run's.
    expect(resolveCertifyHubOptions({ hubCommand: 'fleetcert hub', replay: '991:3' }, TYPES).seed).toBe(991);
  });

  it('takes the hub password on the user broker from --broker-token or FLEETCERT_TOKEN, never otherwise', () => {
    const env = { FLEETCERT_TOKEN: 'from-env' };
    expect(
      resolveCertifyHubOptions({ hubCommand: 'h', broker: 'mqtt://b:1883' }, TYPES, env).hubBrokerPassword,
    ).toBe('from-env');
    expect(resolveCertifyHubOptions({ hubCommand: 'h' }, TYPES, env).hubBrokerPassword).toBeUndefined();
    expect(() =>
      resolveCertifyHubOptions({ hub: 'ws://h:1/edp/1/hub', hubConfig: 'f', broker: 'mqtt://b' }, TYPES),
    ).toThrow(/--broker goes with --hub-command/);
  });
});
