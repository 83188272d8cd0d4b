/** Small hand-made models for engine tests: service 1 is added, the rest validated (EDP-MODEL-1). */
import type { DeviceModel } from '../../../src/model/types.js';
import { validateModel } from '../../../src/model/validate.js';

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
