/** `fleetcert load schema`: print the JSON Schema (draft-07) of load scenario files. */
import type { Argv, CommandModule } from 'yargs';
import { readPublishedSchema } from '../../src/schemas/index.js';
import type { CommandArgs } from '../context.js';

export const loadSchemaCommand: CommandModule<object, CommandArgs> = {
  command: 'schema',
  describe: 'Print the JSON Schema (draft-07) of load scenario files, for editors and CI',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .example('$0 load schema > load-scenario.schema.json', 'Save it next to your scenarios')
      .epilogue(
        'Name it in a scenario with a first line `# yaml-language-server: $schema=./load-scenario.schema.json` (VS Code) and the key `$schema: ./load-scenario.schema.json` (JetBrains; JSON files: the key alone) and editors check the file as you type. The schema holds keys, types and quantity spellings; `fleetcert load` checks the rest when it reads the scenario.',
      ) as unknown as Argv<CommandArgs>,
  handler: async () => {
    process.stdout.write(await readPublishedSchema('scenario'));
  },
};
