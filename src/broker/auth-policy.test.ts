import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnackCode, createBrokerAuthPolicy } from './auth-policy.js';
import { anyTokenPolicy, sharedTokenPolicy, tokenMapPolicy } from './token-policy.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const deviceIdArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}$/);

describe('broker authentication (PROTOCOL.md section 5)', () => {
  const shared = createBrokerAuthPolicy({ tokens: sharedTokenPolicy('T') });

  it('admits a device whose client id is its device id, with the shared token', () => {
    fc.assert(
      fc.property(deviceIdArb, (id) => {
        const decision = shared.authenticate({ clientId: id, username: id, password: bytes('T') });
        expect(decision).toEqual({
          ok: true,
          principal: { kind: 'device', username: id, deviceId: id, treePrefix: `edp/1/${id}/` },
        });
      }),
    );
  });

  it('refuses a device whose client id differs from its device id (identifier rejected)', () => {
    fc.assert(
      fc.property(deviceIdArb, fc.string({ maxLength: 20 }), (id, clientId) => {
        fc.pre(clientId !== id);
        const decision = shared.authenticate({ clientId, username: id, password: bytes('T') });
        expect(decision).toMatchObject({ ok: false, returnCode: ConnackCode.identifierRejected });
      }),
    );
  });

  it('admits controller:NAME with any client id, and refuses a wrong or missing token', () => {
    expect(
      shared.authenticate({ clientId: 'mqttjs_1', username: 'controller:hub', password: bytes('T') }),
    ).toMatchObject({
      ok: true,
      principal: { kind: 'controller', name: 'hub' },
    });
    for (const password of [bytes('t'), bytes('TT'), bytes(''), undefined]) {
      const decision = shared.authenticate({ clientId: 'x', username: 'controller:hub', password });
      expect(decision).toMatchObject({ ok: false, returnCode: ConnackCode.badUsernameOrPassword });
      if (!decision.ok) expect(decision.reason).not.toContain('T"');
    }
  });

  it('refuses usernames that are neither a device id nor controller:NAME', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (username) => {
        fc.pre(
          !/^[a-z0-9][a-z0-9-]{2,63}$/.test(username) && !/^controller:[A-Za-z0-9._-]{1,64}$/.test(username),
        );
        const decision = shared.authenticate({ clientId: username, username, password: bytes('T') });
        expect(decision).toMatchObject({ ok: false, returnCode: ConnackCode.badUsernameOrPassword });
      }),
    );
    expect(shared.authenticate({ clientId: 'a', username: undefined, password: undefined })).toMatchObject({
      ok: false,
    });
    expect(
      shared.authenticate({ clientId: 'a', username: 'controller:', password: bytes('T') }),
    ).toMatchObject({ ok: false });
    expect(
      shared.authenticate({ clientId: 'a', username: 'controller:a/b', password: bytes('T') }),
    ).toMatchObject({ ok: false });
  });

  it('checks each username against its own token with a token map', () => {
    const policy = createBrokerAuthPolicy({
      tokens: tokenMapPolicy({ 'bulb-0001': 'b1', 'controller:hub': 'h' }),
    });
    expect(
      policy.authenticate({ clientId: 'bulb-0001', username: 'bulb-0001', password: bytes('b1') }).ok,
    ).toBe(true);
    expect(
      policy.authenticate({ clientId: 'bulb-0001', username: 'bulb-0001', password: bytes('h') }).ok,
    ).toBe(false);
    expect(policy.authenticate({ clientId: 'c', username: 'controller:hub', password: bytes('h') }).ok).toBe(
      true,
    );
    expect(
      policy.authenticate({ clientId: 'bulb-0002', username: 'bulb-0002', password: bytes('b1') }).ok,
    ).toBe(false);
  });

  it('accepts any token in development mode but still enforces identities', () => {
    const policy = createBrokerAuthPolicy({ tokens: anyTokenPolicy() });
    expect(
      policy.authenticate({ clientId: 'bulb-0001', username: 'bulb-0001', password: undefined }).ok,
    ).toBe(true);
    expect(policy.authenticate({ clientId: 'other', username: 'bulb-0001', password: undefined }).ok).toBe(
      false,
    );
    expect(policy.authenticate({ clientId: 'x', username: 'nobody at all', password: undefined }).ok).toBe(
      false,
    );
  });

  it('never puts a token in a policy description', () => {
    expect(sharedTokenPolicy('s3cret').description).not.toContain('s3cret');
    expect(tokenMapPolicy({ 'bulb-0001': 's3cret' }).description).not.toContain('s3cret');
    expect(() => sharedTokenPolicy('')).toThrow(/empty/);
  });
});
