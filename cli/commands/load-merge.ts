/**
 * `fleetcert load merge RESULT...`: shard results (files or pod logs) merged exactly, the
 * thresholds judged on the whole. Exit 0 all hold, 1 any fails, 2 results that do not belong together.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  formatLoadSummary,
  type LoadResult,
  mergeLoadResults,
  readLoadResults,
  writeLoadResult,
} from '../../load/index.js';
import { writeLoadReport } from '../../reports/load/index.js';
import type { CommandArgs } from '../context.js';
import { DEFAULT_LOAD_OUT, FLEETCERT_VERSION } from '../edge.js';

interface MergeArgs extends CommandArgs {
  readonly results: string[];
  readonly out: string;
  readonly allowPartial: boolean;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <results..>',
  describe: 'Merge shard results (files or pod logs) exactly and judge the thresholds on the whole',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .positional('results', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'load-result.json files or kubectl logs output',
      })
      .option('out', {
        type: 'string',
        default: DEFAULT_LOAD_OUT,
        describe: 'Where the merged load-result.json and load-report.html go',
      })
      .option('allow-partial', {
        type: 'boolean',
        default: false,
        describe: 'Merge even if some shards are missing',
      })
      .example('$0 load merge shard-*/load-result.json --out merged', 'Merge four shards')
      .example(
        'kubectl logs -l job-name=fleetcert-load-soak-10k --tail=-1 > shards.log && $0 load merge shards.log',
        'Merge straight from pod logs',
      )
      .epilogue(
        'Exit codes: 0 every threshold holds over the whole run, 1 a threshold fails, 2 results that do not belong together.',
      ) as unknown as Argv<MergeArgs>,
  handler: async (argv: ArgumentsCamelCase<MergeArgs>) => {
    const parts: LoadResult[] = [];
    for (const file of argv.results) parts.push(...(await readLoadResults(file)));
    const merged = mergeLoadResults(parts, { allowPartial: argv.allowPartial });
    const resultPath = await writeLoadResult(argv.out, merged);
    const reportPath = await writeLoadReport(argv.out, merged, `fleetcert ${FLEETCERT_VERSION}`);
    process.stdout.write(formatLoadSummary(merged));
    process.stdout.write(`result: ${resultPath}\nreport: ${reportPath}\n`);
    argv.setExitCode(merged.verdict === 'passed' ? 0 : 1);
  },
};
