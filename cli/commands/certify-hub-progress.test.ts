/** What `certify hub` shows while its app sessions run (issue 21): exact wording, terminal and not. */
import { describe, expect, it } from 'vitest';
import { hubProgressText, sessionText } from './certify-hub-progress.js';

const CLEAR = '\r\u001b[2K';
// SGR sequences (colour, dim): ESC [ … m. Cursor control (ESC [ 2K) is not colour.
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);

describe('certify hub progress', () => {
  it('names the rule, the stage and how far it is', () => {
    expect(sessionText({ stage: 'explore', rule: 'EDP-HUB-3', session: 7, of: 10 })).toBe(
      'EDP-HUB-3 session 7/10',
    );
    expect(sessionText({ stage: 'scenario', rule: 'EDP-HUB-2', session: 2, of: 6 })).toBe(
      'EDP-HUB-2 scenario 2/6',
    );
    expect(sessionText({ stage: 'shrink', rule: 'EDP-HUB-1', session: 4 })).toBe(
      'EDP-HUB-1 failed: shrinking, session 4',
    );
    expect(sessionText({ stage: 'replay', rule: 'EDP-HUB-5', session: 1, of: 1 })).toBe(
      'EDP-HUB-5 replaying the failure',
    );
    expect(sessionText({ stage: 'fixed', session: 1, of: 3 })).toBe('fixed check 1/3');
    // Sessions that judged nothing of the rule run on top of its share: never "12/10" unexplained.
    expect(sessionText({ stage: 'explore', rule: 'EDP-HUB-4', session: 12, of: 10 })).toBe(
      'EDP-HUB-4 session 12 (10 to judge; some judged nothing)',
    );
  });

  it('on a terminal: a session line is redrawn in place; phase and verdict lines clear it and end the line', () => {
    const session = hubProgressText(
      { kind: 'session', stage: 'explore', rule: 'EDP-HUB-3', session: 7, of: 10 },
      true,
      false,
    );
    expect(session).toBe(`${CLEAR}  · EDP-HUB-3 session 7/10`);
    expect(hubProgressText({ kind: 'rule', rule: 'EDP-HUB-3', verdict: 'passed' }, true, false)).toBe(
      `${CLEAR}  ✓ EDP-HUB-3 passed\n`,
    );
    expect(hubProgressText({ kind: 'phase', text: 'app sessions' }, true, false)).toBe(
      `${CLEAR}  · app sessions\n`,
    );
  });

  it('off a terminal: no session lines, at most a line per rule, no cursor control or colour', () => {
    expect(
      hubProgressText({ kind: 'session', stage: 'explore', rule: 'EDP-HUB-3', session: 7, of: 10 }, false),
    ).toBe('');
    expect(hubProgressText({ kind: 'rule', rule: 'EDP-HUB-2', verdict: 'failed' }, false)).toBe(
      '  ✗ EDP-HUB-2 failed\n',
    );
    expect(hubProgressText({ kind: 'rule', rule: 'EDP-HUB-5', verdict: 'not-run' }, false)).toBe(
      '  - EDP-HUB-5 not run\n',
    );
  });

  it('colours only when allowed (NO_COLOR), and escapes control characters in phase text', () => {
    const failed = { kind: 'rule', rule: 'EDP-HUB-1', verdict: 'failed' } as const;
    expect(hubProgressText(failed, true, true)).toMatch(SGR);
    expect(hubProgressText(failed, true, false)).not.toMatch(SGR);
    expect(hubProgressText({ kind: 'phase', text: 'a\rb' }, false)).toBe('  · a\\rb\n');
  });
});
