/** `--fault NAME[:RATE]` parsing: every known name, rates, and errors that list the names. */
import { describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE } from './catalogue.js';
import { FaultError, parseFault, parseFaultPlan } from './parse-fault.js';

describe('parseFault', () => {
  it.each(FAULT_CATALOGUE.map((d) => d.name))('accepts %s with rate 1 by default', (name) => {
    expect(parseFault(name)).toEqual({ name, rate: 1 });
  });

  it('reads a rate between 0 and 1', () => {
    expect(parseFault('drop-replies:0.25')).toEqual({ name: 'drop-replies', rate: 0.25 });
    expect(parseFault(' lost-write:.5 ')).toEqual({ name: 'lost-write', rate: 0.5 });
    expect(parseFault('lost-write:0')).toEqual({ name: 'lost-write', rate: 0 });
    expect(parseFault('lost-write:1.0')).toEqual({ name: 'lost-write', rate: 1 });
  });

  it('refuses an unknown name with code FLEETCERT_FAULT, listing the known ones', () => {
    const error = (() => {
      try {
        parseFault('drop-replys:0.1');
      } catch (e) {
        return e;
      }
    })() as FaultError;
    expect(error).toBeInstanceOf(FaultError);
    expect(error.code).toBe('FLEETCERT_FAULT');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('unknown fault "drop-replys"');
    for (const definition of FAULT_CATALOGUE) expect(error.message).toContain(definition.name);
  });

  it.each([
    'lost-write:2',
    'lost-write:-0.1',
    'lost-write:half',
    'lost-write:',
    'lost-write:1e-1',
    'lost-write:NaN',
  ])('refuses the bad rate in %s', (text) => {
    expect(() => parseFault(text)).toThrow(/is not a decimal between 0 and 1/);
  });

  it('refuses a rate on an on/off fault', () => {
    expect(() => parseFault('no-will:0.5')).toThrow(/no-will is either on or off and takes no rate/);
    expect(parseFault('no-will:1')).toEqual({ name: 'no-will', rate: 1 });
  });

  it('refuses an empty name', () => {
    expect(() => parseFault(':0.5')).toThrow(/no fault name given/);
  });
});

describe('parseFaultPlan', () => {
  it('keeps one setting per fault, the last rate winning', () => {
    expect(parseFaultPlan(['lost-write:0.1', 'no-will', 'lost-write:0.3'])).toEqual([
      { name: 'no-will', rate: 1 },
      { name: 'lost-write', rate: 0.3 },
    ]);
  });
});
