/**
 * `fleetcert simulate`: a simulated EDP/1 device on an MQTT broker, driven by its model, until
 * Ctrl-C or SIGTERM (then it says offline itself, EDP-MQTT-1). Killed with SIGKILL, its will
 * says offline instead. One device for now: fleet options belong in their own file
 * (simulate-fleet.ts) and branch off in the handler.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { commandLogger } from '../command-logger.js';
import type { CommandArgs } from '../context.js';
import {
  addDeviceOptions,
  type DeviceArgs,
  resolveDeviceConfig,
  runSimulatedDevice,
} from './simulate-device.js';
import {
  addFleetOptions,
  type FleetArgs,
  resolveFleetConfig,
  runFleetCommand,
  usesFleetRunner,
} from './simulate-fleet.js';
import { untilSignal } from './until-signal.js';

interface SimulateArgs extends CommandArgs, DeviceArgs, FleetArgs {}

export const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: 'simulate',
  describe: 'Run simulated EDP/1 devices: one, or a fleet (MQTT or WebSocket)',
  builder: (yargs) =>
    addFleetOptions(addDeviceOptions(yargs as Argv<object>))
      .example('$0 simulate --type bulb --token T', 'bulb-0001 on mqtt://127.0.0.1:1883')
      .example(
        '$0 simulate --type purifier --id purifier-0042 --broker mqtt://broker.local:1883 --token T',
        'Another device id and broker',
      )
      .example('$0 simulate --model my-device.json --id my-device-0001 --seed 7', "A partner's own model")
      .example('$0 simulate --type tv --token T', 'A TV: a WebSocket server at ws://127.0.0.1:PORT/edp/1')
      .example(
        '$0 simulate --fleet bulb=5000,purifier=3000,tv=2000 --broker mqtt://127.0.0.1:1883 --token-template s-{id} --ramp 500/s',
        'A fleet in one process (docs/simulators.md)',
      )
      .example(
        '$0 simulate --fleet bulb=2000 --token T --telemetry 0.2 --metrics 9464',
        'Live Prometheus metrics at http://127.0.0.1:9464/metrics (docs/simulators.md)',
      )
      .example(
        "$0 simulate --fleet bulb=4 --broker mqtts://localhost:8883 --ca certs/ca.crt --cert 'certs/{deviceId}.crt' --key 'certs/{deviceId}.key'",
        'Mutual TLS: each device presents its own client certificate (fleetcert tls devices; docs/load.md)',
      )
      .example(
        '$0 simulate --type bulb --token T --fault drop-replies:0.1',
        'A device with a planted fault (docs/faults.md)',
      )
      .epilogue(
        'The device logs in with client id = username = device id and the token as password, publishes its\n' +
          'retained model and presence under edp/1/ID/, and answers requests on edp/1/ID/rpc.\n' +
          'Exit codes: 0 stopped cleanly, 2 bad usage, a model that does not load, or a refused login.',
      ) as unknown as Argv<SimulateArgs>,
  handler: async (argv: ArgumentsCamelCase<SimulateArgs>) => {
    if (usesFleetRunner(argv)) {
      const fleetConfig = resolveFleetConfig(argv, process.env);
      const logger = commandLogger(argv.log);
      await runFleetCommand(fleetConfig, {
        logger,
        log: argv.log,
        stdout: process.stdout,
        stderr: process.stderr,
        untilStop: untilSignal,
      });
      logger.flush();
      argv.setExitCode(0);
      return;
    }
    const config = resolveDeviceConfig(argv, process.env);
    const logger = commandLogger(argv.log);
    const device = await runSimulatedDevice(config, logger);
    const { engine } = device;
    // Listen before printing: a script that stops us as soon as it reads the line must not kill us.
    const stopped = untilSignal();
    process.stdout.write(
      `device ${engine.deviceId} (${engine.model.model}, fw ${engine.firmware}) online at ${config.broker}\n`,
    );
    const signal = await stopped;
    logger.info({ signal, deviceId: engine.deviceId }, 'stopping: publishing offline presence');
    await device.stop();
    logger.flush();
    argv.setExitCode(0);
  },
};
