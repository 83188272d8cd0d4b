/**
 * The judge of section 9 (EDP-TLS-1..6): a pure function of what the TLS and plain listeners
 * saw (TlsObservation) to one outcome per rule. "Refused" is observed at the socket: the
 * handshake failed, or the connection ended before CONNECT. Where the evidence admits several
 * readings the judge takes the one with the fewest violations: a plaintext CONNECT counts
 * against EDP-TLS-6 only when it is the device's own (its client id) and came after a refused
 * attempt had ended; a connection that completed the handshake and sent nothing is a refusal.
 */
import { clientCertificateProblem, describeClientCertificate } from './judge-client-certificate.js';
import type { TlsAttempt, TlsObservation } from './tls-observation.js';
import {
  presentationOf,
  TLS_PRESENTATIONS,
  TLS_RULE_IDS,
  type TlsPresentationKind,
  type TlsRuleId,
} from './tls-presentations.js';

export interface TlsViolation {
  readonly rule: TlsRuleId;
  /** The presentation the device mishandled (absent for a plaintext CONNECT). */
  readonly presented?: TlsPresentationKind;
  readonly message: string;
  /** What the device did with `presented` (describeAttempt, or the client-certificate problem). */
  readonly did?: string;
  /** The good server asked for a client certificate and the device's was missing or wrong. */
  readonly requiredClientCertificate?: boolean;
}

export type TlsRuleOutcome =
  | { readonly rule: TlsRuleId; readonly verdict: 'passed'; readonly evidence: string }
  | { readonly rule: TlsRuleId; readonly verdict: 'failed'; readonly violations: readonly TlsViolation[] }
  | { readonly rule: TlsRuleId; readonly verdict: 'not-run'; readonly reason: string };

/** The device's behaviour on one attempt, for the report. */
export function describeAttempt(attempt: TlsAttempt): string {
  if (attempt.connect !== undefined) {
    const record =
      attempt.largeRecord === undefined
        ? ''
        : attempt.largeRecord === 'acknowledged'
          ? '; acknowledged the 16 KiB record'
          : '; did not acknowledge the 16 KiB record';
    return `completed the handshake (${attempt.protocol ?? 'TLS'}${clientCertificateText(attempt)}) and sent CONNECT as ${JSON.stringify(attempt.connect.clientId)}${record}`;
  }
  const detail = attempt.detail === undefined ? '' : ` (${attempt.detail})`;
  return attempt.handshake === 'failed'
    ? `refused: aborted the handshake${detail}`
    : `refused: completed the handshake${clientCertificateText(attempt, ' (', ')')}, then closed before CONNECT${detail}`;
}

function clientCertificateText(attempt: TlsAttempt, before = ', ', after = ''): string {
  const seen = attempt.clientCertificate;
  if (seen === undefined) return '';
  return `${before}client certificate: ${describeClientCertificate(seen)}${after}`;
}

export function judgeTls(observation: TlsObservation): readonly TlsRuleOutcome[] {
  const violations: TlsViolation[] = [
    ...observation.attempts.flatMap((attempt) => attemptViolations(attempt, observation)),
    ...plaintextViolations(observation),
    ...silenceAfterAcceptViolations(observation),
  ];
  return TLS_RULE_IDS.map((rule) => outcomeOf(rule, observation, violations));
}

/** Whether the device did what its rule asks with this attempt's presentation. */
export function attemptKept(attempt: TlsAttempt, observation: TlsObservation): boolean {
  return attemptViolations(attempt, observation).length === 0;
}

function attemptViolations(attempt: TlsAttempt, observation: TlsObservation): TlsViolation[] {
  const presentation = presentationOf(attempt.presented);
  const base = { rule: presentation.rule, presented: attempt.presented } as const;
  if (presentation.expect === 'refuse') {
    // A CONNECT over a bad certificate: the token went to whoever presented it.
    return attempt.connect === undefined
      ? []
      : [
          {
            ...base,
            message: `accepted ${presentation.description}: ${describeAttempt(attempt)}`,
            did: describeAttempt(attempt),
          },
        ];
  }
  if (attempt.connect === undefined)
    return [
      {
        ...base,
        message: `did not connect with ${presentation.description}: ${describeAttempt(attempt)}`,
        did: describeAttempt(attempt),
      },
    ];
  if (attempt.largeRecord === 'not-acknowledged')
    return [
      {
        ...base,
        message: `with ${presentation.description}: ${describeAttempt(attempt)}`,
        did: describeAttempt(attempt),
      },
    ];
  // Mutual TLS, read under EDP-TLS-1: the good server asked for the device's provisioned certificate.
  const required = observation.clientCertificateRequired;
  if (attempt.presented === 'good' && required !== undefined) {
    const problem = clientCertificateProblem(attempt.clientCertificate, observation.deviceId, required);
    if (problem !== undefined)
      return [
        {
          ...base,
          message: `with ${presentation.description} requiring a client certificate: ${problem}`,
          did: problem,
          requiredClientCertificate: true,
        },
      ];
  }
  return [];
}

/** The end of the first refused or failed attempt: from then on, plaintext is a fallback. */
function firstRefusalEnd(observation: TlsObservation): number | undefined {
  const refused = observation.attempts.filter((a) => a.connect === undefined).map((a) => a.endedAt);
  return refused.length === 0 ? undefined : Math.min(...refused);
}

function plaintextViolations(observation: TlsObservation): TlsViolation[] {
  const since = firstRefusalEnd(observation);
  const found: TlsViolation[] = [];
  if (since !== undefined) {
    for (const plain of observation.plain) {
      if (plain.connect === undefined || plain.connect.clientId !== observation.deviceId || plain.at < since)
        continue;
      found.push({
        rule: 'EDP-TLS-6',
        message: `sent MQTT CONNECT in plaintext (client id ${JSON.stringify(plain.connect.clientId)}) ${Math.round(plain.at - since)} ms after a refused TLS handshake; its token went over the network unencrypted`,
      });
    }
  }
  const stopped = observation.stopped;
  if (stopped?.cause === 'silent' && since !== undefined && lastAttemptRefused(observation)) {
    found.push({
      rule: 'EDP-TLS-6',
      message: `stopped retrying TLS after a refused handshake: no new attempt within ${Math.round(stopped.waitedMs / 1000)} s (EDP-MQTT-2 allows at most 30 s between tries)`,
    });
  }
  return found;
}

/**
 * EDP-TLS-1 asks the device to go on speaking MQTT as section 5 says, reconnecting on its
 * backoff (EDP-MQTT-2) when the server ends the session: a device that connected over a good
 * certificate, saw fleetcert close that connection, and never came back, never reached the good
 * server. (After a refusal, the silence is EDP-TLS-6's.)
 */
function silenceAfterAcceptViolations(observation: TlsObservation): TlsViolation[] {
  const last = observation.attempts[observation.attempts.length - 1];
  const stopped = observation.stopped;
  if (stopped?.cause !== 'silent' || last === undefined || last.connect === undefined) return [];
  if (presentationOf(last.presented).expect !== 'accept' || last.presented === 'good') return [];
  const presentation = presentationOf(last.presented);
  return [
    {
      rule: 'EDP-TLS-1',
      presented: last.presented,
      message: `after fleetcert ended its connection over ${presentation.description}, the device made no new TLS attempt within ${Math.round(stopped.waitedMs / 1000)} s, so it never connected with the good certificate (EDP-MQTT-2 allows at most 30 s between tries)`,
    },
  ];
}

function lastAttemptRefused(observation: TlsObservation): boolean {
  const last = observation.attempts[observation.attempts.length - 1];
  return last !== undefined && last.connect === undefined;
}

function outcomeOf(
  rule: TlsRuleId,
  observation: TlsObservation,
  all: readonly TlsViolation[],
): TlsRuleOutcome {
  const violations = all.filter((v) => v.rule === rule);
  if (violations.length > 0) return { rule, verdict: 'failed', violations };
  const seen = new Set(observation.attempts.map((a) => a.presented));
  if (rule === 'EDP-TLS-6') {
    const refused = observation.attempts.filter((a) => a.connect === undefined).length;
    if (refused === 0)
      return {
        rule,
        verdict: 'not-run',
        reason: 'no TLS handshake was refused, so no fallback could be watched',
      };
    return {
      rule,
      verdict: 'passed',
      evidence: `after ${refused} refused handshake(s) no plaintext CONNECT arrived and the device retried TLS`,
    };
  }
  const mine = TLS_PRESENTATIONS.filter((p) => p.rule === rule);
  const missing = mine.filter((p) => !seen.has(p.kind));
  if (missing.length > 0) {
    const why = stopReason(observation);
    return {
      rule,
      verdict: 'not-run',
      reason: `not presented: ${missing.map((p) => p.description).join('; ')} (${why})`,
    };
  }
  return {
    rule,
    verdict: 'passed',
    evidence: mine
      .map((p) => `${p.description}: ${p.expect === 'refuse' ? 'refused' : 'connected'}`)
      .join('; '),
  };
}

function stopReason(observation: TlsObservation): string {
  const stopped = observation.stopped;
  if (stopped === undefined) return 'the TLS checks ended early';
  const waited = `${Math.round(stopped.waitedMs / 1000)} s`;
  switch (stopped.cause) {
    case 'silent':
      return `the device made no new TLS attempt within ${waited}`;
    case 'interrupted':
      return 'the run was interrupted';
    case 'absent':
      return `the device never connected to the TLS listener within ${waited}`;
  }
}
