/** One planted fault in a legal TLS observation, and the rule it must be blamed on. */
import type { TlsAttempt, TlsObservation } from '../../../conformance/tls/tls-observation.js';
import { presentationOf, type TlsRuleId } from '../../../conformance/tls/tls-presentations.js';
import type { ClientCertificateSeen } from '../../../src/tls/index.js';
import { DEVICE_ID } from './legal-tls-observation.js';

export interface TlsMutator {
  readonly name: string;
  /** The rule, or `presented` for the rule of the attempt it changed. */
  readonly rule: TlsRuleId | 'presented';
  /** undefined when it does not apply; otherwise the mutated observation and the rule to blame. */
  mutate(legal: TlsObservation, pick: number): { observation: TlsObservation; rule: TlsRuleId } | undefined;
}

function pickIndex(attempts: readonly TlsAttempt[], pick: number, wanted: (a: TlsAttempt) => boolean) {
  const candidates = attempts.map((a, i) => [a, i] as const).filter(([a]) => wanted(a));
  return candidates.length === 0 ? undefined : candidates[pick % candidates.length]?.[1];
}

function replaced(legal: TlsObservation, index: number, attempt: TlsAttempt): TlsObservation {
  return { ...legal, attempts: legal.attempts.map((a, i) => (i === index ? attempt : a)) };
}

export const TLS_MUTATORS: readonly TlsMutator[] = [
  {
    name: 'sends CONNECT over a certificate it must refuse',
    rule: 'presented',
    mutate(legal, pick) {
      const i = pickIndex(legal.attempts, pick, (a) => presentationOf(a.presented).expect === 'refuse');
      if (i === undefined) return undefined;
      const a = legal.attempts[i] as TlsAttempt;
      const { detail: _drop, ...rest } = a;
      const observation = replaced(legal, i, {
        ...rest,
        handshake: 'completed',
        protocol: a.presented === 'tls-1.1-only' ? 'TLSv1.1' : 'TLSv1.2',
        connect: { clientId: DEVICE_ID, username: DEVICE_ID },
      });
      return { observation, rule: presentationOf(a.presented).rule };
    },
  },
  {
    name: 'refuses a certificate it must accept',
    rule: 'EDP-TLS-1',
    mutate(legal, pick) {
      const i = pickIndex(legal.attempts, pick, (a) => presentationOf(a.presented).expect === 'accept');
      if (i === undefined) return undefined;
      const a = legal.attempts[i] as TlsAttempt;
      return {
        observation: replaced(legal, i, {
          presented: a.presented,
          at: a.at,
          endedAt: a.endedAt,
          handshake: pick % 2 === 0 ? 'failed' : 'completed',
          detail: 'unknown ca',
        }),
        rule: 'EDP-TLS-1',
      };
    },
  },
  {
    name: 'drops the 16 KiB record',
    rule: 'EDP-TLS-1',
    mutate(legal, pick) {
      const i = pickIndex(legal.attempts, pick, (a) => a.largeRecord !== undefined);
      if (i === undefined) return undefined;
      const a = legal.attempts[i] as TlsAttempt;
      return {
        observation: replaced(legal, i, { ...a, largeRecord: 'not-acknowledged' }),
        rule: 'EDP-TLS-1',
      };
    },
  },
  {
    name: 'falls back to plaintext after a refusal',
    rule: 'EDP-TLS-6',
    mutate(legal, pick) {
      const i = pickIndex(legal.attempts, pick, (a) => a.connect === undefined);
      if (i === undefined) return undefined;
      const a = legal.attempts[i] as TlsAttempt;
      const plain = [
        ...legal.plain,
        { at: a.endedAt + (pick % 500), connect: { clientId: DEVICE_ID, username: DEVICE_ID } },
      ];
      return { observation: { ...legal, plain }, rule: 'EDP-TLS-6' };
    },
  },
  {
    name: 'stops retrying after a refusal',
    rule: 'EDP-TLS-6',
    mutate(legal, pick) {
      const i = pickIndex(legal.attempts, pick, (a) => a.connect === undefined);
      if (i === undefined) return undefined;
      return {
        observation: {
          ...legal,
          attempts: legal.attempts.slice(0, i + 1),
          stopped: { cause: 'silent', waitedMs: 35_000 },
        },
        rule: 'EDP-TLS-6',
      };
    },
  },
  {
    name: 'stops retrying after fleetcert closed an accepted connection',
    rule: 'EDP-TLS-1',
    mutate(legal, pick) {
      // Only the large chain is accepted and then closed by fleetcert; the good one is kept.
      const i = pickIndex(
        legal.attempts,
        pick,
        (a) =>
          a.connect !== undefined &&
          a.presented !== 'good' &&
          presentationOf(a.presented).expect === 'accept',
      );
      if (i === undefined) return undefined;
      return {
        observation: {
          ...legal,
          attempts: legal.attempts.slice(0, i + 1),
          stopped: { cause: 'silent', waitedMs: 35_000 },
        },
        rule: 'EDP-TLS-1',
      };
    },
  },
  ...(
    [
      ['presents no client certificate', () => ({ presented: false })],
      [
        'presents a client certificate from another CA',
        (seen) => ({ ...seen, chainsToCa: false, verifyError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
      ],
      [
        'presents another device’s client certificate',
        (seen) => ({
          ...seen,
          subject: 'CN=sensor-0002',
          commonName: 'sensor-0002',
          altNames: ['sensor-0002'],
        }),
      ],
    ] as const satisfies readonly (readonly [string, (seen: PresentedCertificate) => ClientCertificateSeen])[]
  ).map(
    ([name, change]): TlsMutator => ({
      name: `mutual TLS: ${name}`,
      rule: 'EDP-TLS-1',
      mutate(legal) {
        const i = legal.attempts.findIndex((a) => a.clientCertificate?.presented === true);
        const a = legal.attempts[i];
        if (a?.clientCertificate?.presented !== true) return undefined;
        return {
          observation: replaced(legal, i, { ...a, clientCertificate: change(a.clientCertificate) }),
          rule: 'EDP-TLS-1',
        };
      },
    }),
  ),
];

type PresentedCertificate = Extract<ClientCertificateSeen, { presented: true }>;
