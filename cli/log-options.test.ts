/** The one output rule's resolution (docs/output.md): which flags ask for structured logs, and where they go. */
import { describe, expect, it } from 'vitest';
import { resolveLogConfig } from './log-options.js';

const plain = { colour: false };

describe('resolveLogConfig', () => {
  it('asks for no structured logs by default: warnings as plain lines, progress on stderr', () => {
    expect(resolveLogConfig({}, plain)).toEqual({
      format: 'human',
      level: 'warn',
      colour: false,
      progressOnStderr: true,
    });
  });

  it('--log-level alone filters the plain lines; it does not turn on JSON', () => {
    expect(resolveLogConfig({ logLevel: 'info' }, plain)).toMatchObject({ format: 'human', level: 'info' });
  });

  it('--log-format json or pretty: records at info on stderr, which then carries no progress lines', () => {
    for (const logFormat of ['json', 'pretty']) {
      expect(resolveLogConfig({ logFormat }, plain)).toMatchObject({
        format: logFormat,
        level: 'info',
        progressOnStderr: false,
      });
    }
  });

  it('--log-file: JSON into the file unless --log-format says otherwise; progress stays on stderr', () => {
    expect(resolveLogConfig({ logFile: 'run.log' }, plain)).toEqual({
      format: 'json',
      level: 'info',
      file: 'run.log',
      colour: false,
      progressOnStderr: true,
    });
    expect(
      resolveLogConfig({ logFile: 'run.log', logFormat: 'pretty', logLevel: 'debug' }, plain),
    ).toMatchObject({ format: 'pretty', level: 'debug', file: 'run.log' });
  });

  it('refuses an unknown level and an empty file path, naming the flag (exit 2)', () => {
    expect(() => resolveLogConfig({ logLevel: 'loud' }, plain)).toThrow(
      '--log-level "loud" is not a level: use one of trace, debug, info, warn, error, fatal, silent',
    );
    expect(() => resolveLogConfig({ logFile: ' ' }, plain)).toThrow(/--log-file needs a file path/);
    try {
      resolveLogConfig({ logLevel: 'loud' }, plain);
    } catch (error) {
      expect(error).toMatchObject({ exitCode: 2 });
    }
  });

  it('is frozen: resolved once at the edge', () => {
    expect(Object.isFrozen(resolveLogConfig({}, plain))).toBe(true);
  });
});
