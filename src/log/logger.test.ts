import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, LogLevelError } from './logger.js';

function capture(level = 'debug') {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => {
    text += String(chunk);
  });
  const logger = createLogger({ level, destination: stream });
  return {
    logger,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

describe('createLogger', () => {
  it('never writes a token or a password, at the top level or one level down', () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        token: 'tok-top',
        password: 'pw-top',
        device: { id: 'bulb-0001', token: 'tok-nested' },
        options: { password: 'pw-options', username: 'bulb-0001' },
        auth: { token: 'tok-auth' },
      },
      'login refused',
    );
    const [line] = lines();
    const text = JSON.stringify(line);
    for (const secret of ['tok-top', 'pw-top', 'tok-nested', 'pw-options', 'tok-auth']) {
      expect(text).not.toContain(secret);
    }
    // What is not secret stays readable.
    expect(line).toMatchObject({
      level: 40,
      msg: 'login refused',
      token: '[redacted]',
      password: '[redacted]',
      device: { id: 'bulb-0001', token: '[redacted]' },
      options: { password: '[redacted]', username: 'bulb-0001' },
    });
  });

  it('writes at or above its level only', () => {
    const { logger, lines } = capture('warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(lines().map((l) => l.msg)).toEqual(['loud']);
  });

  it('refuses an unknown level with a usage error naming the valid ones (not a stack trace)', () => {
    const make = () => createLogger({ level: 'loud' });
    expect(make).toThrow(LogLevelError);
    expect(make).toThrow(
      'unknown log level "loud": use one of trace, debug, info, warn, error, fatal, silent',
    );
    try {
      make();
    } catch (error) {
      expect(error).toMatchObject({ code: 'FLEETCERT_LOG_LEVEL', exitCode: 2 });
    }
  });
});

describe('createLogger formats', () => {
  it('human: one plain line per record, level word first, no fields, control characters escaped', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk) => {
      text += String(chunk);
    });
    const logger = createLogger({ level: 'info', format: 'human', destination: stream });
    logger.warn({ token: 'tok-secret', deviceId: 'bulb-0001' }, 'connection lost; reconnecting');
    logger.info('online');
    logger.error({ err: 'port taken' });
    logger.warn('device bad\r\u001b[2Kid');
    expect(text).toBe(
      'fleetcert: warning: connection lost; reconnecting\n' +
        'fleetcert: online\n' +
        'fleetcert: error: port taken\n' +
        'fleetcert: warning: device bad\\r\\u001b[2Kid\n',
    );
  });

  it('pretty: pino-pretty text (not JSON), no colour when told, tokens still redacted', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk) => {
      text += String(chunk);
    });
    const logger = createLogger({ format: 'pretty', colour: false, destination: stream });
    logger.info({ token: 'tok-pretty', deviceId: 'bulb-0001' }, 'online');
    expect(text).toMatch(/INFO.*: online/);
    expect(text).toContain('bulb-0001');
    expect(text).not.toContain('tok-pretty');
    expect(text.trimStart().startsWith('{')).toBe(false);
  });

  it('a file: JSON lines appended, tokens redacted, nothing on the default destination', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'fleetcert-log-'));
    try {
      const file = join(dir, 'sub', 'run.log');
      createLogger({ file }).info({ auth: { token: 'tok-file' } }, 'first');
      createLogger({ file }).warn({ password: 'pw-file' }, 'second');
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['first', 'second']);
      expect(lines.join('\n')).not.toMatch(/tok-file|pw-file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
