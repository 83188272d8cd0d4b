/** Property items named for the sequence chart (issue 21: `light.on (2.1) = false` beside the JSON). */
import { describe, expect, it } from 'vitest';
import { propertyItemsText } from './property-items.js';
import { sharedDuration } from './requirement-rows.js';

const NAMES = { '2.1': 'light.on', '2.2': 'light.brightness' };

describe('propertyItemsText', () => {
  it('names the items of each message kind: reads, writes, their results, notifications', () => {
    expect(
      propertyItemsText({ id: 1, method: 'get_properties', params: [{ siid: 2, piid: 1 }] }, NAMES),
    ).toBe('light.on (2.1)');
    expect(
      propertyItemsText(
        { id: 1, method: 'set_properties', params: [{ siid: 2, piid: 2, value: 101 }] },
        NAMES,
      ),
    ).toBe('light.brightness (2.2) = 101');
    expect(
      propertyItemsText(
        {
          id: 1,
          result: [
            { siid: 2, piid: 1, code: 0, value: false },
            { siid: 2, piid: 2, code: -4005 },
            { siid: 2, piid: 2, code: 0 },
          ],
        },
        NAMES,
      ),
    ).toBe('light.on (2.1) = false; light.brightness (2.2): code -4005; light.brightness (2.2): code 0');
    expect(
      propertyItemsText({ method: 'properties_changed', params: [{ siid: 2, piid: 1, value: true }] }, NAMES),
    ).toBe('light.on (2.1) = true');
  });

  it('shows an id the model does not hold as ? with what the device sent, and a wrong-typed id as sent', () => {
    expect(propertyItemsText({ params: [{ siid: 9, piid: 1, value: 'x' }] }, NAMES)).toBe('? (9.1) = "x"');
    expect(propertyItemsText({ params: [{ siid: '2', piid: 1 }] }, NAMES)).toBe('? ("2".1)');
  });

  it('gives nothing without names, without items, or for what is not a message', () => {
    expect(propertyItemsText({ params: [{ siid: 2, piid: 1 }] }, undefined)).toBeNull();
    expect(propertyItemsText({ params: [{ siid: 2, piid: 1 }] }, {})).toBeNull();
    expect(
      propertyItemsText({ id: 1, method: 'action', params: { siid: 2, aiid: 1, in: [] } }, NAMES),
    ).toBeNull();
    expect(propertyItemsText('not json', NAMES)).toBeNull();
    expect(propertyItemsText({ result: [1, null, 'x'] }, NAMES)).toBeNull();
  });
});

describe('sharedDuration', () => {
  const row = (rule: string, durationMs: number, verdict: 'passed' | 'failed' = 'passed') =>
    ({ rule, statement: '', bindings: ['mqtt'], runs: 33, durationMs, verdict }) as never;

  it('is the time three or more passed rules report alike (one suite judged them together), as shown', () => {
    expect(sharedDuration([row('A', 41_423), row('B', 41_424), row('C', 41_424), row('D', 2_500)])).toBe(
      '41.4 s',
    );
  });

  it('is null when rules were timed apart, or only two share a time', () => {
    expect(sharedDuration([row('A', 495.8), row('B', 592.7), row('C', 545.4)])).toBeNull();
    expect(sharedDuration([row('A', 4_472), row('B', 4_472), row('C', 3_146, 'failed')])).toBeNull();
  });
});
