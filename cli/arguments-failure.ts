import { UsageError } from '../src/index.js';

/** A command line that yargs (or a command's own check of it) rejected: exit 2 with usage help. */
export class ArgumentsFailure extends UsageError {}
