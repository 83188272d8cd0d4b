/**
 * The checker behind the packaging test's docs checks (test/support/package-docs.ts): which paths
 * and imports it reads from markdown, and what it calls missing. Pure and fast; the packaging test
 * (test/package/package-install.test.ts) applies it to the shipped docs and the packed file list.
 */
import { describe, expect, it } from 'vitest';
import { codeImports, holds, mentionedPaths, missingPaths } from '../support/package-docs.js';

const TOP = ['src', 'docs', 'fixtures', 'runs', 'load', 'test', 'deploy'];

describe('paths the docs mention', () => {
  it('finds top-level folder paths in prose, code spans and code blocks, and relative links', () => {
    const markdown = [
      'Copy `fixtures/models/bulb.json`; the reader (src/read-file-within.ts) checks it.',
      '```ts',
      "import { runDevice } from './runs/index.js';",
      '```',
      'See [the protocol](protocol.md#2-the-device-model), docs/load.md, "Sizing".',
    ].join('\n');
    expect(mentionedPaths('docs/x.md', markdown, TOP).map((m) => [m.where, m.path, m.in])).toEqual([
      ['docs/x.md:1', 'fixtures/models/bulb.json', 'package'],
      ['docs/x.md:1', 'src/read-file-within.ts', 'package'],
      ['docs/x.md:3', 'runs/index.js', 'package'],
      ['docs/x.md:5', 'docs/load.md', 'package'],
      ['docs/x.md:5', 'docs/protocol.md', 'package'],
    ]);
  });

  it('leaves alone URLs, paths inside other paths, words that are not folders and `fleetcert load`', () => {
    const markdown = [
      'ws://127.0.0.1/edp/1, https://example.com/docs/x.md, node_modules/fleetcert/fixtures/models/,',
      '`fleetcert load` and `--out loads/x`; [site](https://example.com/src/a.ts)',
    ].join('\n');
    expect(mentionedPaths('README.md', markdown, TOP)).toEqual([]);
  });

  it('reads a path after "the repository\'s" as the repository\'s, across a line break', () => {
    const markdown = "see the\nrepository's docs/evidence/faults.md, and the repository's `test/a.test.ts`.";
    expect(mentionedPaths('docs/faults.md', markdown, TOP).map((m) => [m.path, m.in])).toEqual([
      ['docs/evidence/faults.md', 'repository'],
      ['test/a.test.ts', 'repository'],
    ]);
  });

  it('reads a path after "fleetcert\'s source repository," or "the source repository\'s" as the repository\'s', () => {
    const markdown =
      "see fleetcert's source\nrepository, docs/evidence/faults.md, then the source repository's docs/evidence/load.md; docs/faults.md";
    expect(mentionedPaths('docs/faults.md', markdown, TOP).map((m) => [m.path, m.in])).toEqual([
      ['docs/evidence/faults.md', 'repository'],
      ['docs/evidence/load.md', 'repository'],
      ['docs/faults.md', 'package'],
    ]);
  });

  it('calls missing what the package (or, for a pointer, the repository) lacks', () => {
    const packed = ['docs/load.md', 'fixtures/models/bulb.json', 'deploy/grafana/a.json'];
    const repository = [...packed, 'docs/evidence/load.md', 'src/read-file-within.ts'];
    const mentions = mentionedPaths(
      'README.md',
      [
        '`fixtures/models/` `deploy/grafana/` docs/load.md fixtures/models/*.json',
        "src/read-file-within.ts and the repository's docs/evidence/load.md and the repository's docs/evidence/gone.md",
      ].join('\n'),
      ['fixtures', 'deploy', 'docs', 'src'],
    );
    expect(missingPaths(mentions, packed, repository)).toEqual([
      'README.md:2: src/read-file-within.ts (not in the package)',
      'README.md:2: docs/evidence/gone.md (not in the repository)',
    ]);
  });

  it('matches folders and `*` within one segment only', () => {
    expect(holds(['a/b/c.md'], 'a/b/')).toBe(true);
    expect(holds(['a/b/c.md'], 'a/b')).toBe(true);
    expect(holds(['a/bc/d.md'], 'a/b')).toBe(false);
    expect(holds(['shard-0/r.json'], 'shard-*/r.json')).toBe(true);
    expect(holds(['a/x/y/r.json'], 'a/*/r.json')).toBe(false);
  });
});

describe('imports of the code blocks', () => {
  it('reads values and types of ts/js blocks only, with the line of each import', () => {
    const markdown = [
      '```ts',
      "import { runDevice, type RunDeviceOptions, startFleet as start } from 'fleetcert';",
      "import type { Fleet } from 'fleetcert';",
      "import { readFile } from 'node:fs/promises';",
      '```',
      '```sh',
      "import { notCode } from 'x'",
      '```',
      '```js',
      'import {',
      '  runHubCertification,',
      "} from './runs/index.js';",
      '```',
    ].join('\n');
    expect(codeImports('d.md', markdown)).toEqual([
      {
        where: 'd.md:2',
        values: ['runDevice', 'startFleet'],
        types: ['RunDeviceOptions'],
        from: 'fleetcert',
      },
      { where: 'd.md:3', values: [], types: ['Fleet'], from: 'fleetcert' },
      { where: 'd.md:4', values: ['readFile'], types: [], from: 'node:fs/promises' },
      { where: 'd.md:10', values: ['runHubCertification'], types: [], from: './runs/index.js' },
    ]);
  });
});
