/**
 * The hub suite's per-session hook: one event as each app session starts, so a caller (the CLI)
 * can show where a run is ("EDP-HUB-3 session 7/10"). Data only; the suite never prints.
 */
import type { HubRuleId } from './hub-rule-ids.js';

/**
 * - `scenario`: one of the rule's enumerated scenarios (rule-scenarios.ts), `of` known;
 * - `explore`: a generated session; `of` is the rule's share of judged sessions (skipped
 *   sessions, that judged nothing of the rule, are run on top, so `session` may exceed it);
 * - `shrink`: a smaller session tried while shrinking the rule's failure (no `of`: fast-check decides);
 * - `replay`: the failure replayed, to see it reproduce;
 * - `fixed`: one of the fixed checks every run ends with (capacity, unknown token, array frame).
 */
export type HubSessionStage = 'scenario' | 'explore' | 'shrink' | 'replay' | 'fixed';

export interface HubSessionProgress {
  readonly stage: HubSessionStage;
  /** The rule being judged; a fixed check judges every rule still open. */
  readonly rule?: HubRuleId;
  /** 1-based, counted per rule and stage. */
  readonly session: number;
  readonly of?: number;
}

export type OnHubSession = (progress: HubSessionProgress) => void;
