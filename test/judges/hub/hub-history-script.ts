/**
 * The script of a legal hub history: fleet events, app requests and device behaviour as
 * fast-check values, each step carrying uniform fractions the builder turns into choices and
 * latencies (so shrinking a history shrinks its script).
 */
import fc from 'fast-check';

/** One scripted step; `r` are fractions the builder turns into choices and latencies. */
export interface Step {
  readonly kind: 'offline' | 'comeback' | 'notify' | 'subscribe' | 'command' | 'list' | 'bad-params';
  readonly gapMs: number;
  readonly device: number;
  readonly connection: number;
  readonly r: readonly number[];
}

export interface Script {
  readonly deadlineMs: number;
  readonly fleetSize: number;
  /** Devices (by index) that first appear during the run. */
  readonly late: readonly boolean[];
  readonly grantA: readonly boolean[];
  readonly grantC: readonly boolean[];
  readonly ghostListed: boolean;
  /** Per device (by index): what it did in the window before the session began (legal-pre-session.ts). */
  readonly preSession: readonly PreSession[];
  readonly steps: readonly Step[];
}

/**
 * A device's last moments before the session (the fleet reset between sessions, or start-up):
 * notifications, and an offline (graceful or abrupt) then a comeback, that a legal hub may still
 * be holding when the session starts (issue 18).
 */
export interface PreSession {
  readonly bounce: boolean;
  readonly abrupt: boolean;
  readonly notifications: number;
  readonly r: readonly number[];
}

/** Uniform fractions (unbiased: fast-check's bias towards 0 would skew every latency to its minimum). */
const fraction = fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000);

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>(
    'offline',
    'offline',
    'comeback',
    'comeback',
    'notify',
    'notify',
    'subscribe',
    'subscribe',
    'command',
    'command',
    'command',
    'list',
    'bad-params',
  ),
  gapMs: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 3_000 })),
  device: fc.nat({ max: 7 }),
  connection: fc.nat({ max: 3 }),
  r: fc.array(fraction, { minLength: 16, maxLength: 16 }),
});

export const scriptArb: fc.Arbitrary<Script> = fc.record({
  deadlineMs: fc.integer({ min: 2_000, max: 3_000 }),
  fleetSize: fc.integer({ min: 2, max: 4 }),
  late: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  grantA: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  grantC: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  ghostListed: fc.boolean(),
  preSession: fc.array(
    fc.record({
      bounce: fc.boolean(),
      abrupt: fc.boolean(),
      notifications: fc.nat({ max: 3 }),
      r: fc.array(fraction, { minLength: 12, maxLength: 12 }),
    }),
    { minLength: 4, maxLength: 4 },
  ),
  steps: fc.array(stepArb, { minLength: 3, maxLength: 30 }),
});

/** A draw from the step's fractions, in order. */
export class Draws {
  private i = 0;
  constructor(private readonly r: readonly number[]) {}
  next(): number {
    const v = this.r[this.i % this.r.length] ?? 0;
    this.i++;
    return v;
  }
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}
