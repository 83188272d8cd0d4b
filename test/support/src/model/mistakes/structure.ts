/** Planted mistakes in the document, its services and its properties' own definitions (EDP-MODEL-1). */
import { infoIndex, type Mistake } from './target.js';

export const STRUCTURE_MISTAKES: readonly Mistake[] = [
  {
    name: 'edp is not 1',
    plant: (d) => {
      d.edp = 2;
      return { path: '$.edp' };
    },
  },
  {
    name: 'type missing',
    plant: (d) => {
      delete d.type;
      return { path: '$.type' };
    },
  },
  {
    name: 'model id empty',
    plant: (d) => {
      d.model = '';
      return { path: '$.model' };
    },
  },
  {
    name: 'service 1 missing',
    combinable: false,
    plant: (d) => {
      d.services.splice(infoIndex(d), 1);
      return { path: '$.services' };
    },
  },
  {
    name: 'siid out of 1..65535',
    plant: (_, t) => {
      t.service.siid = 65536;
      return { path: `${t.path}.siid` };
    },
  },
  {
    name: 'siid not whole',
    plant: (_, t) => {
      t.service.siid = 2.5;
      return { path: `${t.path}.siid` };
    },
  },
  {
    name: 'siid repeated',
    plant: (d, t) => {
      d.services.push({ siid: t.service.siid, name: 'again' });
      return { path: `$.services[${d.services.length - 1}].siid` };
    },
  },
  {
    name: 'service name missing',
    plant: (_, t) => {
      delete t.service.name;
      return { path: `${t.path}.name` };
    },
  },
  {
    name: 'properties not an array',
    combinable: false,
    plant: (_, t) => {
      t.service.properties = {};
      return { path: `${t.path}.properties`, scope: t.path };
    },
  },
  {
    name: 'device-information property writable',
    plant: (d) => {
      const i = infoIndex(d);
      d.services[i].properties[2].access = ['read', 'write'];
      return { path: `$.services[${i}].properties[2].access` };
    },
  },
  {
    name: 'device-information property not a string',
    plant: (d) => {
      const i = infoIndex(d);
      d.services[i].properties[0].format = 'uint8';
      return { path: `$.services[${i}].properties[0].format` };
    },
  },
  {
    name: 'property not an object',
    plant: (_, t) => ({ path: `${t.path}.properties[${t.service.properties.push(7) - 1}]` }),
  },
  {
    name: 'piid repeated',
    plant: (_, t) => {
      const first = t.addProperty({});
      return { path: `${t.addProperty({ piid: first.piid }).path}.piid` };
    },
  },
  { name: 'piid zero', plant: (_, t) => ({ path: `${t.addProperty({ piid: 0 }).path}.piid` }) },
  { name: 'name empty', plant: (_, t) => ({ path: `${t.addProperty({ name: '' }).path}.name` }) },
  {
    name: 'unknown format',
    plant: (_, t) => ({ path: `${t.addProperty({ format: 'uint64' }).path}.format` }),
  },
  { name: 'access empty', plant: (_, t) => ({ path: `${t.addProperty({ access: [] }).path}.access` }) },
  {
    name: 'access repeated',
    plant: (_, t) => ({ path: `${t.addProperty({ access: ['read', 'read'] }).path}.access[1]` }),
  },
  {
    name: 'access unknown word',
    plant: (_, t) => ({ path: `${t.addProperty({ access: ['read', 'execute'] }).path}.access[1]` }),
  },
  {
    name: 'range min > max',
    plant: (_, t) => ({ path: `${t.addProperty({ range: [10, 1, 1] }).path}.range` }),
  },
  {
    name: 'range step 0',
    plant: (_, t) => ({ path: `${t.addProperty({ range: [0, 10, 0] }).path}.range[2]` }),
  },
  {
    name: 'range step negative',
    plant: (_, t) => ({ path: `${t.addProperty({ format: 'float', range: [0, 1, -0.1] }).path}.range[2]` }),
  },
  {
    name: 'range on a string',
    plant: (_, t) => ({ path: `${t.addProperty({ format: 'string', range: [0, 1, 1] }).path}.range` }),
  },
  {
    name: 'range on a bool',
    plant: (_, t) => ({ path: `${t.addProperty({ format: 'bool', range: [0, 1, 1] }).path}.range` }),
  },
  {
    name: 'range beyond the format',
    plant: (_, t) => ({ path: `${t.addProperty({ range: [0, 256, 1] }).path}.range[1]` }),
  },
  {
    name: 'range below the format',
    plant: (_, t) => ({ path: `${t.addProperty({ format: 'int8', range: [-129, 0, 1] }).path}.range[0]` }),
  },
  {
    name: 'range not a whole multiple',
    plant: (_, t) => ({ path: `${t.addProperty({ range: [0, 10, 3] }).path}.range` }),
  },
  {
    name: 'float range not a multiple',
    plant: (_, t) => ({ path: `${t.addProperty({ format: 'float', range: [0, 1, 0.3] }).path}.range` }),
  },
  {
    name: 'integer range with fractional step',
    plant: (_, t) => ({ path: `${t.addProperty({ format: 'int16', range: [0, 10, 0.5] }).path}.range[2]` }),
  },
  {
    name: 'range of two numbers',
    plant: (_, t) => ({ path: `${t.addProperty({ range: [0, 10] }).path}.range` }),
  },
  {
    name: 'range with a string',
    plant: (_, t) => ({ path: `${t.addProperty({ range: [0, '10', 1] }).path}.range[1]` }),
  },
  {
    name: 'range and values',
    plant: (_, t) => {
      const { path } = t.addProperty({ range: [0, 10, 1], values: [{ value: 1, description: 'one' }] });
      return { path };
    },
  },
  { name: 'values empty', plant: (_, t) => ({ path: `${t.addProperty({ values: [] }).path}.values` }) },
  {
    name: 'values of the wrong type',
    plant: (_, t) => ({
      path: `${t.addProperty({ values: [{ value: 'a', description: 'a' }] }).path}.values[0].value`,
    }),
  },
  {
    name: 'values outside the format',
    plant: (_, t) => ({
      path: `${t.addProperty({ values: [{ value: 300, description: 'big' }] }).path}.values[0].value`,
    }),
  },
  {
    name: 'values repeated',
    plant: (_, t) => ({
      path: `${
        t.addProperty({
          values: [
            { value: 1, description: 'a' },
            { value: 1.0, description: 'b' },
          ],
        }).path
      }.values[1].value`,
    }),
  },
  {
    name: 'value without description',
    plant: (_, t) => ({ path: `${t.addProperty({ values: [{ value: 1 }] }).path}.values[0].description` }),
  },
  {
    name: 'values entry not an object',
    plant: (_, t) => ({ path: `${t.addProperty({ values: [1] }).path}.values[0]` }),
  },
  {
    name: 'string value longer than maxLength',
    plant: (_, t) => ({
      path: `${t.addProperty({ format: 'string', maxLength: 2, values: [{ value: 'abc', description: 'x' }] }).path}.values[0].value`,
    }),
  },
  {
    name: 'maxLength on a number',
    plant: (_, t) => ({ path: `${t.addProperty({ maxLength: 4 }).path}.maxLength` }),
  },
  {
    name: 'maxLength zero',
    plant: (_, t) => ({ path: `${t.addProperty({ format: 'string', maxLength: 0 }).path}.maxLength` }),
  },
  {
    name: 'volatile not a boolean',
    plant: (_, t) => ({ path: `${t.addProperty({ volatile: 'yes' }).path}.volatile` }),
  },
];
