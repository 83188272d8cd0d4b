/** Every `fleetcert` command, one module each. */
import type { CommandModule } from 'yargs';
import { loadCommand } from './load.js';
import { modelCommand } from './model.js';
import { reportCommand } from './report.js';

// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types
export const COMMANDS: CommandModule<any, any>[] = [modelCommand, reportCommand, loadCommand];
