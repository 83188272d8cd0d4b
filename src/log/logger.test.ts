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
