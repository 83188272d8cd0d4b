/**
 * `fleetcert tls ca | server | devices`: the certificates to try mutual TLS on a broker
 * (PROTOCOL.md section 9): a CA to keep, a broker certificate signed by it, and one client
 * certificate per device of a fleet (CN and SAN = the device id). Keys are written 0600 and never
 * printed or logged; existing files are kept unless --force. Exit 0 written, 2 bad usage or setup.
 */
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { checkIdPattern, fleetDeviceId, indexWidth, parseFleetSpec } from '../../simulators/fleet/index.js';
import { UsageError } from '../../src/index.js';
import {
  CA_CERT_FILE,
  CA_KEY_FILE,
  certificateAuthorityFiles,
  clientCertificateFiles,
  keyPairFiles,
  loadCertificateAuthority,
  serverCertificate,
  writePemFiles,
} from '../../src/tls/index.js';
import { isValidDeviceId } from '../../src/transport/mqtt/index.js';

interface CommonArgs {
  readonly out: string;
  readonly days: number;
  readonly force: boolean;
}

interface CaArgs extends CommonArgs {
  readonly name: string;
  readonly serverHost?: readonly string[];
}

interface SignedArgs extends CommonArgs {
  readonly caCert?: string;
  readonly caKey?: string;
}

interface ServerArgs extends SignedArgs {
  readonly host: readonly string[];
}

interface DevicesArgs extends SignedArgs {
  readonly fleet?: string;
  readonly ids?: readonly string[];
  readonly idPrefix: string;
  readonly controller?: readonly string[];
}

function commonOptions<T>(yargs: Argv<T>, days: number): Argv<T & CommonArgs> {
  return yargs
    .option('out', {
      type: 'string',
      demandOption: true,
      describe: 'Folder to write into (created if missing)',
    })
    .option('days', { type: 'number', default: days, describe: 'Validity in days' })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Replace files that exist (default: refuse, so a kept CA is never overwritten)',
    }) as unknown as Argv<T & CommonArgs>;
}

function signedOptions<T>(yargs: Argv<T>, days: number): Argv<T & SignedArgs> {
  return commonOptions(yargs, days)
    .option('ca-cert', { type: 'string', describe: `The CA's certificate (default: OUT/${CA_CERT_FILE})` })
    .option('ca-key', {
      type: 'string',
      describe: `The CA's key (default: OUT/${CA_KEY_FILE})`,
    }) as unknown as Argv<T & SignedArgs>;
}

function checkDays(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > 36_500)
    throw new UsageError(`--days must be a whole number from 1 to 36500, got ${days}`);
}

function checkHosts(hosts: readonly string[], flag: string): void {
  for (const host of hosts) {
    if (!/^[A-Za-z0-9.:*-]+$/.test(host) || host.length > 253)
      throw new UsageError(
        `${flag} ${JSON.stringify(host)} is not a host name or IP address; give the name clients dial, e.g. ${flag} broker.example.com`,
      );
  }
}

function signingCa(args: SignedArgs) {
  return loadCertificateAuthority(
    args.caCert ?? join(args.out, CA_CERT_FILE),
    args.caKey ?? join(args.out, CA_KEY_FILE),
  );
}

function printWritten(paths: readonly string[], limit = 10): void {
  for (const path of paths.slice(0, limit)) process.stdout.write(`wrote ${path}\n`);
  if (paths.length > limit) process.stdout.write(`… and ${paths.length - limit} more files\n`);
}

const caCommand: CommandModule<object, CaArgs> = {
  command: 'ca',
  describe: 'Make a certificate authority to keep: OUT/ca.crt and OUT/ca.key (0600)',
  builder: (yargs) =>
    commonOptions(yargs as Argv<object>, 3650)
      .option('name', { type: 'string', default: 'fleetcert test CA', describe: "The CA's common name" })
      .option('server-host', {
        type: 'string',
        array: true,
        describe:
          'Also write OUT/server.crt and server.key for a broker dialled as this name or IP (repeatable)',
      })
      .example(
        '$0 tls ca --out certs --server-host localhost --server-host 127.0.0.1',
        'A CA and a broker certificate',
      )
      .example(
        '$0 tls devices --fleet bulb=4,tv=2 --out certs',
        'Then one client certificate per device',
      ) as unknown as Argv<CaArgs>,
  handler: async (args: ArgumentsCamelCase<CaArgs>) => {
    checkDays(args.days);
    const hosts = args.serverHost ?? [];
    checkHosts(hosts, '--server-host');
    const files = await certificateAuthorityFiles(args.name, args.days);
    const paths = await writePemFiles(args.out, files, { overwrite: args.force });
    if (hosts.length > 0) {
      const ca = await loadCertificateAuthority(paths[0] as string, paths[1] as string);
      const server = await serverCertificate(ca, hosts, Math.min(args.days, 825));
      paths.push(
        ...(await writePemFiles(args.out, keyPairFiles(server, 'server'), { overwrite: args.force })),
      );
    }
    printWritten(paths);
    process.stdout.write(
      `next: fleetcert tls devices --fleet bulb=4 --out ${args.out}   (keep ${join(args.out, CA_KEY_FILE)} private)\n`,
    );
  },
};

const serverCommand: CommandModule<object, ServerArgs> = {
  command: 'server',
  describe: 'Make a broker certificate signed by the CA: OUT/server.crt and OUT/server.key (0600)',
  builder: (yargs) =>
    signedOptions(yargs as Argv<object>, 825)
      .option('host', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'A name or IP address clients dial (repeatable); all go in the subject alternative name',
      })
      .example(
        '$0 tls server --host broker.lab --host 127.0.0.1 --out certs',
        'Signed by certs/ca.crt',
      ) as unknown as Argv<ServerArgs>,
  handler: async (args: ArgumentsCamelCase<ServerArgs>) => {
    checkDays(args.days);
    checkHosts(args.host, '--host');
    const server = await serverCertificate(await signingCa(args), args.host, args.days);
    printWritten(await writePemFiles(args.out, keyPairFiles(server, 'server'), { overwrite: args.force }));
  },
};

/** The ids a `--fleet` spec makes, as `simulate --fleet` and load name them. */
export function fleetIds(spec: string, idPrefix: string): string[] {
  const ids: string[] = [];
  for (const group of parseFleetSpec(spec)) {
    checkIdPattern(idPrefix, group.name, group.count);
    const width = indexWidth(group.count);
    for (let index = 1; index <= group.count; index++)
      ids.push(fleetDeviceId(idPrefix, group.name, index, width));
  }
  return ids;
}

const devicesCommand: CommandModule<object, DevicesArgs> = {
  command: 'devices',
  describe:
    'Make one client certificate per device: OUT/{deviceId}.crt and .key (CN and SAN = the device id)',
  builder: (yargs) =>
    signedOptions(yargs as Argv<object>, 365)
      .option('fleet', {
        type: 'string',
        describe: 'A fleet as simulate names it: TYPE=COUNT,… e.g. bulb=4,tv=2',
      })
      .option('id-prefix', {
        type: 'string',
        default: '',
        describe: 'Prepended to fleet device ids (as simulate --id-prefix)',
      })
      .option('ids', { type: 'string', array: true, describe: 'Device ids, comma- or space-separated' })
      .option('controller', {
        type: 'string',
        array: true,
        describe: 'Also a controller certificate: CN controller:NAME, file controller-NAME.crt (repeatable)',
      })
      .example('$0 tls devices --fleet bulb=4,tv=2 --out certs', 'certs/bulb-0001.crt … certs/tv-0002.key')
      .example(
        "$0 simulate --fleet bulb=4,tv=2 --broker mqtts://localhost:8883 --ca certs/ca.crt --cert 'certs/{deviceId}.crt' --key 'certs/{deviceId}.key'",
        'A fleet presenting them',
      ) as unknown as Argv<DevicesArgs>,
  handler: async (args: ArgumentsCamelCase<DevicesArgs>) => {
    checkDays(args.days);
    const ids = [
      ...(args.fleet === undefined ? [] : fleetIds(args.fleet, args.idPrefix)),
      ...(args.ids ?? []).flatMap((text) => text.split(/[\s,]+/)).filter((id) => id !== ''),
    ];
    for (const id of ids) {
      if (!isValidDeviceId(id))
        throw new UsageError(
          `--ids ${JSON.stringify(id)} is not a device id: 3 to 64 of a-z 0-9 -, starting with a letter or digit (section 5)`,
        );
    }
    const controllers = args.controller ?? [];
    for (const name of controllers) {
      if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(name))
        throw new UsageError(`--controller ${JSON.stringify(name)}: use a-z 0-9 _ -, e.g. --controller load`);
    }
    if (ids.length === 0 && controllers.length === 0)
      throw new UsageError(
        'name the devices: --fleet bulb=4,tv=2 or --ids bulb-0001,tv-0001 (or --controller NAME)',
      );
    if (new Set(ids).size !== ids.length) throw new UsageError('a device id is named twice: give each once');
    const ca = await signingCa(args);
    const files = await clientCertificateFiles(
      ca,
      [
        ...ids.map((id) => ({ commonName: id, fileName: id, altName: true })),
        // `controller:NAME` is no DNS name: it goes in the common name only.
        ...controllers.map((name) => ({
          commonName: `controller:${name}`,
          fileName: `controller-${name}`,
          altName: false,
        })),
      ],
      args.days,
    );
    printWritten(await writePemFiles(args.out, files, { overwrite: args.force }));
    process.stdout.write(
      `${ids.length} device certificate${ids.length === 1 ? '' : 's'}${controllers.length ? ` and ${controllers.length} controller certificate${controllers.length === 1 ? '' : 's'}` : ''} in ${args.out}\n`,
    );
  },
};

export const tlsCommand: CommandModule<object, object> = {
  command: 'tls',
  describe:
    'Make test certificates for mutual TLS: a CA, a broker certificate, one client certificate per device',
  builder: (yargs) =>
    yargs
      .command(caCommand)
      .command(serverCommand)
      .command(devicesCommand)
      .example('$0 tls ca --out certs --server-host localhost', '1. a CA to keep, and a broker certificate')
      .example(
        '$0 tls devices --fleet bulb=4 --out certs',
        '2. a client certificate per device (docs/load.md)',
      )
      .demandCommand(1, 'Name a tls command: `fleetcert tls --help` lists them.'),
  handler: () => {},
};
