/** Small hand-made models for engine tests: service 1 is added, the rest validated (EDP-MODEL-1). */
import type { DeviceModel } from '../../../../src/model/types.js';
import { validateModel } from '../../../../src/model/validate.js';

export function testModel(id: string, services: readonly object[]): DeviceModel {
  const result = validateModel({
    edp: 1,
    type: 'test',
    model: id,
    services: [
      {
        siid: 1,
        name: 'device-information',
        properties: ['manufacturer', 'model', 'serial-number', 'firmware-revision'].map((name, i) => ({
          piid: i + 1,
          name,
          format: 'string',
          access: ['read'],
        })),
      },
      ...services,
    ],
  });
  if (!result.ok) throw new Error(`test model ${id} is invalid: ${JSON.stringify(result.problems, null, 1)}`);
  return result.model;
}

/** Service 2: `count` 0..10 (r n), `start` 0..5 write-only, `flag` bool (r); action 1 sets count from in, adds 2, toggles flag; out [flag, count]. */
export function counterModel(): DeviceModel {
  return testModel('test.counter.v1', [
    {
      siid: 2,
      name: 'counter',
      properties: [
        { piid: 1, name: 'count', format: 'int16', access: ['read', 'notify'], range: [0, 10, 1] },
        { piid: 2, name: 'start', format: 'int16', access: ['write'], range: [0, 5, 1] },
        { piid: 3, name: 'flag', format: 'bool', access: ['read'] },
      ],
      actions: [
        {
          aiid: 1,
          name: 'start-and-step',
          in: [2],
          out: [3, 1],
          effects: [
            { op: 'set', piid: 1, from: 'in', index: 0 },
            { op: 'add', piid: 1, by: 2, overflow: 'clamp' },
            { op: 'toggle', piid: 3 },
          ],
        },
      ],
    },
  ]);
}
