/**
 * `fleetcert report schema <file>`: print the JSON Schema (draft-07) of a file fleetcert writes,
 * for CI scripts that parse it: result.json, load-result.json, or a trace file.
 */
import type { Argv, CommandModule } from 'yargs';
import { type PublishedSchema, readPublishedSchema } from '../../src/schemas/index.js';
import type { CommandArgs } from '../context.js';

/** The word on the command line → the published schema. */
const OUTPUT_SCHEMAS: Readonly<Record<string, PublishedSchema>> = {
  result: 'result',
  'load-result': 'loadResult',
  trace: 'trace',
};

interface ReportSchemaArgs extends CommandArgs {
  readonly file: string;
}

export const reportSchemaCommand: CommandModule<object, ReportSchemaArgs> = {
  command: 'schema <file>',
  describe: 'Print the JSON Schema (draft-07) of result.json, load-result.json or a trace file, for CI',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .positional('file', {
        type: 'string',
        choices: Object.keys(OUTPUT_SCHEMAS),
        describe: 'result (result.json), load-result (load-result.json) or trace (traces/RULE.trace.json)',
      })
      .example('$0 report schema result > certification-result.schema.json', 'Validate result.json in CI')
      .epilogue(
        'The same files are in docs/schemas/ of the package. Objects may gain members within a schema version: read what you need and ignore the rest.',
      ) as unknown as Argv<ReportSchemaArgs>,
  handler: async (argv) => {
    process.stdout.write(await readPublishedSchema(OUTPUT_SCHEMAS[argv.file] as PublishedSchema));
  },
};
