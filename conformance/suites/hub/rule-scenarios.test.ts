/**
 * Seeds never decide (issue 18 item 6): whatever the seed (which chooses the grants), every
 * certification enumerates, per rule, the fleet-event sequences that rule's verdict depends on,
 * for each binding the fleet has. Checked over seeds 1–20 in the two fleet shapes of bench:judge
 * (the default fleet; `--fleet bulb=4,tv=2 --ws-devices 2`), with grants planned as a
 * certification plans them. The scenarios themselves draw nothing: the same grants give the
 * same scenarios.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../../src/model/load.js';
import type { DeviceModel } from '../../../src/model/types.js';
import type { FleetDevice } from './fleet-port.js';
import { HUB_RULE_IDS, type HubRuleId } from './hub-rule-ids.js';
import { planHubGrants } from './plan-hub-grants.js';
import { type RuleScenario, ruleScenarios, type ScenarioInputs } from './rule-scenarios.js';

const model = async (name: string): Promise<DeviceModel> =>
  (await loadModelFile(fileURLToPath(new URL(`../../../fixtures/models/${name}.json`, import.meta.url))))
    .model;

/** The fleet a certification plans: TYPE-0001… per group over MQTT, then `ws` more over WebSocket. */
async function fleetOf(groups: Record<string, number>, ws: number): Promise<FleetDevice[]> {
  const out: FleetDevice[] = [];
  const counters = new Map<string, number>();
  const add = async (type: string, binding: 'mqtt' | 'ws') => {
    const n = (counters.get(type) ?? 0) + 1;
    counters.set(type, n);
    out.push({
      deviceId: `${type}-${String(n).padStart(4, '0')}`,
      binding,
      model: await model(type),
      firmware: '1.0.0',
    });
  };
  for (const [type, count] of Object.entries(groups)) for (let i = 0; i < count; i++) await add(type, 'mqtt');
  const types = Object.keys(groups);
  for (let i = 0; i < ws; i++) await add(types[i % types.length] as string, 'ws');
  return out;
}

function inputsFor(devices: FleetDevice[], seed: number): ScenarioInputs {
  const plan = planHubGrants(
    devices.map((d) => d.deviceId),
    seed,
  );
  return { apps: plan.apps, devices, ghosts: plan.ghosts, unknown: plan.unknown, canAppear: true };
}

const lines = (s: RuleScenario) => s.commands.map((c) => c.toString());
const anyLine = (scenarios: RuleScenario[], pattern: RegExp) =>
  scenarios.some((s) => lines(s).some((l) => pattern.test(l)));

const SHAPES: { name: string; groups: Record<string, number>; ws: number }[] = [
  { name: 'default fleet', groups: { bulb: 6, purifier: 4, tv: 2 }, ws: 0 },
  { name: '--fleet bulb=4,tv=2 --ws-devices 2', groups: { bulb: 4, tv: 2 }, ws: 2 },
];
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe('rule scenarios: enumerated per rule, whatever the seed', () => {
  for (const shape of SHAPES)
    it(`${shape.name}, seeds 1–20`, async () => {
      const devices = await fleetOf(shape.groups, shape.ws);
      const bindings = [...new Set(devices.map((d) => d.binding))];
      for (const seed of SEEDS) {
        const inputs = inputsFor(devices, seed);
        const of = (rule: HubRuleId) => ruleScenarios(inputs, rule);
        const label = `seed ${seed}`;
        // EDP-HUB-2: section 3's envelope cases; per binding, a command after each kind of going away.
        expect(anyLine(of('EDP-HUB-2'), /not valid UTF-8/), label).toBe(true);
        expect(anyLine(of('EDP-HUB-2'), /without an id/), label).toBe(true);
        expect(anyLine(of('EDP-HUB-2'), /an array frame/), label).toBe(true);
        expect(anyLine(of('EDP-HUB-2'), /not JSON/), label).toBe(true);
        for (const binding of bindings) {
          const ids = devices.filter((d) => d.binding === binding).map((d) => d.deviceId);
          const about = (line: string) => ids.some((id) => line.startsWith(id) || line.includes(` ${id}`));
          for (const how of ['graceful', 'abrupt'])
            expect(
              of('EDP-HUB-2').some((s) =>
                lines(s).some((l) => about(l) && l.includes(`offline (${how}), then`)),
              ),
              `${label}: a command to a ${binding} device gone offline (${how})`,
            ).toBe(true);
          expect(
            of('EDP-HUB-2').some((s) => lines(s).some((l) => about(l) && l.includes('turns silent, then'))),
            `${label}: a silent ${binding} device`,
          ).toBe(true);
          // EDP-HUB-4: "*" subscribed, then the device goes (gracefully, abruptly: a WebSocket close) and comes back.
          for (const how of ['graceful', 'abrupt'])
            expect(
              of('EDP-HUB-4').some(
                (s) =>
                  /subscribe "\*"/.test(lines(s)[0] ?? '') &&
                  lines(s).some((l) => about(l) && l.endsWith(`offline (${how})`)) &&
                  lines(s).some((l) => about(l) && l.endsWith('comes back')),
              ),
              `${label}: a ${binding} device offline (${how}) and back while "*" listens`,
            ).toBe(true);
          // A WebSocket device away longer than the presence window before it comes back (partner 4's presence-early).
          if (binding === 'ws')
            expect(
              of('EDP-HUB-4').some((s) => {
                const l = lines(s);
                const away = l.findIndex((x) => about(x) && / stays away \d+ ms$/.test(x));
                return (
                  away > 0 &&
                  /offline/.test(l[away - 1] ?? '') &&
                  /comes back$/.test(l[away + 1] ?? '') &&
                  Number(/(\d+) ms$/.exec(l[away] ?? '')?.[1]) > 2_000
                );
              }),
              `${label}: a ws device away longer than the presence window`,
            ).toBe(true);
          // ...and one offline before the subscribe.
          expect(
            of('EDP-HUB-4').some((s) => about(lines(s)[0] ?? '') && /offline/.test(lines(s)[0] ?? '')),
            `${label}: a ${binding} device offline before the subscribe`,
          ).toBe(true);
        }
        // EDP-HUB-1: per binding, commands in a row on one connection, and both connections of a token at once.
        expect(
          of('EDP-HUB-1').filter((s) => lines(s).some((l) => /sends in a row to/.test(l))).length,
          label,
        ).toBe(bindings.length);
        expect(of('EDP-HUB-1').filter((s) => lines(s).some((l) => /^at once: /.test(l))).length, label).toBe(
          bindings.length,
        );
        // EDP-HUB-3: a replaced subscription, one replaced by [], a connection that never subscribed, "*" and a late device.
        expect(anyLine(of('EDP-HUB-3'), /subscribe \["[^"]+"\], then \["[^"]+"\]/), label).toBe(true);
        expect(anyLine(of('EDP-HUB-3'), /subscribe \["[^"]+"\], then \[\]/), label).toBe(true);
        expect(anyLine(of('EDP-HUB-3'), /#2 devices\.list/), label).toBe(true);
        // ...one narrowed from two devices to one, the dropped device notifying after the answer (partner 4's unsub-leak).
        expect(
          of('EDP-HUB-3').some((s) => {
            const [sub, notify] = lines(s);
            const m = /subscribe \["([^"]+)","([^"]+)"\], then \["([^"]+)"\]$/.exec(sub ?? '');
            return m !== null && m[2] === m[3] && notify === `${m[1]} notifies on its own`;
          }),
          `${label}: a narrowed subscription`,
        ).toBe(true);
        expect(anyLine(of('EDP-HUB-3'), /a new device appears/), label).toBe(true);
        // EDP-HUB-5: a list token's "*" while a device it is not granted notifies.
        const list = inputs.apps.find(
          (a) => a.devices !== '*' && devices.some((d) => a.devices.includes(d.deviceId)),
        );
        const notMine = devices.filter((d) => list !== undefined && !list.devices.includes(d.deviceId));
        expect(
          of('EDP-HUB-5').some(
            (s) =>
              lines(s)[0] === `${list?.name}#1 subscribe "*"` &&
              lines(s).some((l) => notMine.some((d) => l === `${d.deviceId} notifies on its own`)),
          ),
          `${label}: "*" on a list token beside a device it is not granted`,
        ).toBe(true);
        // No dice: the same inputs give the same scenarios.
        for (const rule of HUB_RULE_IDS)
          expect(ruleScenarios(inputs, rule).map(lines)).toEqual(ruleScenarios(inputs, rule).map(lines));
      }
    });
});
