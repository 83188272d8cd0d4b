import type { LogConfig } from './log-options.js';

/** What every command handler gets from the CLI edge besides its own arguments. */
export interface CommandArgs {
  /** Set the process exit code (0 pass, 1 failed verdict, 2 usage or setup). */
  readonly setExitCode: (code: number) => void;
  /** Where logs go and whether progress may use stderr (cli/log-options.ts). */
  readonly log: LogConfig;
}
