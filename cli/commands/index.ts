/** Every `fleetcert` command, one module each. */
import type { CommandModule } from 'yargs';
import { brokerCommand } from './broker.js';
import { certifyCommand } from './certify.js';
import { hubCommand } from './hub.js';
import { loadCommand } from './load.js';
import { modelCommand } from './model.js';
import { replayCommand } from './replay.js';
import { reportCommand } from './report.js';
import { simulateCommand } from './simulate.js';
import { startCommand } from './start.js';
import { tlsCommand } from './tls.js';

// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types
export const COMMANDS: CommandModule<any, any>[] = [
  startCommand,
  brokerCommand,
  simulateCommand,
  certifyCommand,
  hubCommand,
  modelCommand,
  reportCommand,
  replayCommand,
  loadCommand,
  tlsCommand,
];
