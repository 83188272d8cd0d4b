/**
 * `fleetcert broker`: the embedded MQTT broker with the authentication and ACL of PROTOCOL.md
 * section 5 (EDP-MQTT-3), until Ctrl-C or SIGTERM. Tokens:
 * - `--token T`: one token for every client (development);
 * - `--tokens FILE`: a JSON map username → token;
 * - neither: any token accepted (development mode, only on a loopback host); identities and
 *   the ACL still hold. `FLEETCERT_TOKEN` stands in for `--token` (keeps it off `ps`).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  anyTokenPolicy,
  createBrokerAuthPolicy,
  loadTokensFile,
  sharedTokenPolicy,
  startEmbeddedBroker,
  type TokenPolicy,
} from '../../src/broker/index.js';
import { UsageError } from '../../src/index.js';
import { commandLogger } from '../command-logger.js';
import type { CommandArgs } from '../context.js';
import { untilSignal } from './until-signal.js';

export type TokenSource =
  | { readonly mode: 'shared'; readonly token: string }
  | { readonly mode: 'file'; readonly path: string }
  | { readonly mode: 'any' };

/** Everything `fleetcert broker` needs, resolved once at the CLI edge. */
export interface BrokerConfig {
  readonly host: string;
  readonly port: number;
  readonly wsPort?: number;
  readonly tokens: TokenSource;
}

interface BrokerArgs extends CommandArgs {
  readonly host: string;
  readonly port: number;
  readonly wsPort?: number;
  readonly token?: string;
  readonly tokens?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function checkPort(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    throw new UsageError(
      `${option} must be a port number from 0 to 65535 (0 picks a free port), got ${value}`,
    );
  }
  return value;
}

/** Pure: validates the arguments (and `FLEETCERT_TOKEN`) into a frozen config, or throws a UsageError. */
export function resolveBrokerConfig(
  args: Pick<BrokerArgs, 'host' | 'port' | 'wsPort' | 'token' | 'tokens'>,
  env: Readonly<Record<string, string | undefined>>,
): BrokerConfig {
  if (args.token !== undefined && args.tokens !== undefined) {
    throw new UsageError(
      '--token and --tokens exclude each other: one token for all, or a file of tokens per username',
    );
  }
  const token = args.token ?? (args.tokens === undefined ? env.FLEETCERT_TOKEN || undefined : undefined);
  if (token !== undefined && token.length === 0) throw new UsageError('--token must not be empty');
  const tokens: TokenSource =
    token !== undefined
      ? { mode: 'shared', token }
      : args.tokens !== undefined
        ? { mode: 'file', path: args.tokens }
        : { mode: 'any' };
  if (tokens.mode === 'any' && !LOOPBACK.has(args.host)) {
    throw new UsageError(
      `listening on ${args.host} without --token or --tokens would let anyone in; pass --token T or --tokens FILE`,
    );
  }
  return Object.freeze({
    host: args.host,
    port: checkPort(args.port, '--port'),
    ...(args.wsPort === undefined ? {} : { wsPort: checkPort(args.wsPort, '--ws-port') }),
    tokens: Object.freeze(tokens),
  });
}

export async function tokenPolicyOf(source: TokenSource): Promise<TokenPolicy> {
  switch (source.mode) {
    case 'shared':
      return sharedTokenPolicy(source.token);
    case 'file':
      return loadTokensFile(source.path);
    case 'any':
      return anyTokenPolicy();
  }
}

export const brokerCommand: CommandModule<object, BrokerArgs> = {
  command: 'broker',
  describe: 'Run the embedded MQTT broker with EDP/1 authentication and ACL (section 5)',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .option('port', { type: 'number', default: 1883, describe: 'MQTT port (0 picks a free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface to listen on' })
      .option('token', {
        type: 'string',
        describe: 'One token every client must give as password (or FLEETCERT_TOKEN)',
      })
      .option('tokens', {
        type: 'string',
        describe: 'JSON file mapping usernames to tokens: {"bulb-0001": "…", "controller:hub": "…"}',
      })
      .option('ws-port', { type: 'number', describe: 'Also serve MQTT over WebSocket on this port' })
      .conflicts('token', 'tokens')
      .example('$0 broker --token T', 'Local broker on 127.0.0.1:1883; every client logs in with password T')
      .example(
        '$0 broker --port 0 --tokens tokens.json',
        'A free port; a token per device id and controller:NAME',
      )
      .example('$0 broker --ws-port 9001', 'Also MQTT over WebSocket; any token accepted (development mode)')
      .epilogue(
        'Devices log in with username = client id = device id; controllers as controller:NAME.\n' +
          'Without --token or --tokens any token is accepted (loopback hosts only); identities and the ACL still hold.\n' +
          'Refusals are logged at warn: who, what and why (never the password); --log-format json for all records.\n' +
          'Stops on Ctrl-C or SIGTERM. Exit codes: 0 stopped cleanly, 2 bad usage or the port is taken.',
      ) as unknown as Argv<BrokerArgs>,
  handler: async (argv: ArgumentsCamelCase<BrokerArgs>) => {
    const config = resolveBrokerConfig(argv, process.env);
    const logger = commandLogger(argv.log);
    const tokens = await tokenPolicyOf(config.tokens);
    if (tokens.mode === 'any') logger.warn('no --token or --tokens: any token accepted (development mode)');
    const broker = await startEmbeddedBroker({
      host: config.host,
      port: config.port,
      ...(config.wsPort === undefined ? {} : { wsPort: config.wsPort }),
      auth: createBrokerAuthPolicy({ tokens }),
      logger,
    });
    // Listen before printing: a script that stops us as soon as it reads the line must not kill us.
    const stopped = untilSignal();
    // One stdout line a script can wait for and read the port from.
    process.stdout.write(
      `listening on ${broker.url}${broker.wsUrl ? ` ${broker.wsUrl}` : ''} (${tokens.description})\n`,
    );
    const signal = await stopped;
    logger.info({ signal }, 'stopping broker');
    await broker.close();
    logger.flush();
    argv.setExitCode(0);
  },
};
