import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRules, familyTitle, parseRuleId } from './rule-order.js';

describe('requirement order (PROTOCOL.md sections 4 to 6, then 8)', () => {
  it('sorts by family in protocol order, then numerically', () => {
    const shuffled = [
      'EDP-WS-1',
      'EDP-MQTT-2',
      'EDP-RPC-10',
      'EDP-NOTIFY-1',
      'EDP-ACT-2',
      'EDP-PROP-4',
      'EDP-RPC-2',
      'EDP-HUB-1',
      'EDP-RPC-1',
    ];
    expect([...shuffled].sort(compareRules)).toEqual([
      'EDP-RPC-1',
      'EDP-RPC-2',
      'EDP-RPC-10',
      'EDP-PROP-4',
      'EDP-ACT-2',
      'EDP-NOTIFY-1',
      'EDP-MQTT-2',
      'EDP-WS-1',
      'EDP-HUB-1',
    ]);
  });

  it('puts unknown families and odd ids after the known ones, alphabetically', () => {
    expect(['EDP-ZED-1', 'custom check', 'EDP-WS-3', 'EDP-ABC-2'].sort(compareRules)).toEqual([
      'EDP-WS-3',
      'EDP-ABC-2',
      'EDP-ZED-1',
      'custom check',
    ]);
    expect(parseRuleId('EDP-PROP-12')).toEqual({ family: 'PROP', number: 12 });
    expect(familyTitle('NOTIFY')).toBe('Notifications · EDP-NOTIFY');
  });

  it('is a total order: antisymmetric, and sorting is independent of input order', () => {
    const ruleId = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('RPC', 'PROP', 'ACT', 'NOTIFY', 'MQTT', 'WS', 'HUB', 'XYZ'),
          fc.integer({ min: 1, max: 30 }),
        )
        .map(([family, n]) => `EDP-${family}-${n}`),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.uniqueArray(ruleId, { maxLength: 20 }), (rules) => {
        const sorted = [...rules].sort(compareRules);
        expect([...rules].reverse().sort(compareRules)).toEqual(sorted);
        for (const a of rules)
          for (const b of rules)
            expect(Math.sign(compareRules(a, b)) + Math.sign(compareRules(b, a))).toBe(0);
      }),
    );
  });
});
