/** The lazy command loaders stand for exactly the commands of COMMANDS, in the same order. */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './index.js';
import { buildCatalog, COMMAND_LOADERS } from './lazy.js';

describe('COMMAND_LOADERS', () => {
  it('loads the very modules of COMMANDS, in order', async () => {
    const loaded = await Promise.all(COMMAND_LOADERS.map((load) => load()));
    expect(loaded).toEqual(COMMANDS);
    for (const [index, command] of loaded.entries()) expect(command).toBe(COMMANDS[index]);
  });

  it('the catalog has each command’s usage word and description', async () => {
    const catalog = await buildCatalog();
    expect(catalog.map((c) => c.command)).toEqual(COMMANDS.map((c) => c.command));
    expect(catalog.map((c) => c.describe)).toEqual(COMMANDS.map((c) => c.describe));
  });
});
