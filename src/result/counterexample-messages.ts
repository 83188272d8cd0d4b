import type { Counterexample } from './certification-result.js';

/**
 * Whether a counterexample has an exchange to show (commands or messages). A failure judged at
 * the socket before any EDP message (section 9's TLS checks) has none: its summary is the whole
 * story, so no command list, "setup alone" text, message chart or replay path is printed for it.
 */
export function hasExchange(counterexample: Pick<Counterexample, 'commands' | 'trace'>): boolean {
  return counterexample.commands.length > 0 || counterexample.trace.length > 0;
}
