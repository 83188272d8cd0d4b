/**
 * One case the suite enumerates (a malformed frame kind, an item-code precedence, an action's
 * effects, a guard): runs the command it wraps and records that the case was sent, so the
 * result can say per rule which enumerated cases a certification covered.
 */
import type fc from 'fast-check';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';

export class EnumeratedCaseCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  constructor(
    readonly rule: RuleId,
    readonly name: string,
    readonly inner: fc.AsyncCommand<SuiteModel, RunSession>,
  ) {}

  check(model: Readonly<SuiteModel>): boolean {
    return this.inner.check(model);
  }

  async run(model: SuiteModel, session: RunSession): Promise<void> {
    session.ctx.coveredCases.add(`${this.rule} ${this.name}`);
    await this.inner.run(model, session);
  }

  toString(): string {
    return this.inner.toString();
  }
}
