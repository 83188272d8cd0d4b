/** Planted mistakes in guards, actions, effects and events: the cross-references of a service (EDP-MODEL-1). */
import { effectAction, type Mistake } from './target.js';

export const BEHAVIOUR_MISTAKES: readonly Mistake[] = [
  {
    name: 'when on a read-only property',
    plant: (_, t) => {
      const on = t.addProperty({ format: 'bool', access: ['read'] });
      return {
        path: `${t.addProperty({ access: ['read'], when: { piid: on.piid, equals: true } }).path}.when`,
      };
    },
  },
  {
    name: 'when names a missing property',
    plant: (_, t) => ({
      path: `${t.addProperty({ when: { piid: t.missingPiid(), equals: 1 } }).path}.when.piid`,
    }),
  },
  {
    name: 'when on itself',
    plant: (_, t) => {
      const piid = t.missingPiid();
      return { path: `${t.addProperty({ piid, when: { piid, equals: 1 } }).path}.when.piid` };
    },
  },
  {
    name: 'when on a volatile property',
    plant: (_, t) => {
      const sensor = t.addProperty({ access: ['read'], volatile: true });
      return { path: `${t.addProperty({ when: { piid: sensor.piid, equals: 1 } }).path}.when.piid` };
    },
  },
  {
    name: 'when on an unreadable property',
    plant: (_, t) => {
      const hidden = t.addProperty({ access: ['write'] });
      return { path: `${t.addProperty({ when: { piid: hidden.piid, equals: 1 } }).path}.when.piid` };
    },
  },
  {
    name: 'when equals an invalid value',
    plant: (_, t) => {
      const on = t.addProperty({ format: 'bool' });
      return { path: `${t.addProperty({ when: { piid: on.piid, equals: 1 } }).path}.when.equals` };
    },
  },
  {
    name: 'when without equals',
    plant: (_, t) => ({ path: `${t.addProperty({ when: { piid: t.addProperty({}).piid } }).path}.when` }),
  },
  {
    name: 'aiid repeated',
    plant: (_, t) => {
      const aiid = t.fresh('actions', 'aiid');
      return {
        path: `${t.path}.actions[${t.service.actions.push({ aiid, name: 'a' }, { aiid, name: 'b' }) - 1}].aiid`,
      };
    },
  },
  {
    name: 'in names a missing property',
    plant: (_, t) => ({ path: `${t.addAction({ in: [t.missingPiid()] })}.in[0]` }),
  },
  {
    name: 'in repeats a piid',
    plant: (_, t) => {
      const p = t.addProperty({});
      return { path: `${t.addAction({ in: [p.piid, p.piid] })}.in[1]` };
    },
  },
  {
    name: 'out names a missing property',
    plant: (_, t) => ({ path: `${t.addAction({ out: [t.missingPiid()] })}.out[0]` }),
  },
  { name: 'in not an array', plant: (_, t) => ({ path: `${t.addAction({ in: 3 })}.in` }) },
  {
    name: 'unknown effect op',
    plant: (_, t) => ({ path: `${effectAction(t, { op: 'explode', piid: 1 })}.op` }),
  },
  { name: 'effect not an object', plant: (_, t) => ({ path: effectAction(t, 'toggle') }) },
  {
    name: 'set names a missing property',
    plant: (_, t) => ({ path: `${effectAction(t, { op: 'set', piid: t.missingPiid(), value: 1 })}.piid` }),
  },
  {
    name: 'set an invalid value',
    plant: (_, t) => ({
      path: `${effectAction(t, { op: 'set', piid: t.addProperty({ range: [0, 10, 1] }).piid, value: 11 })}.value`,
    }),
  },
  {
    name: 'set with value and from',
    plant: (_, t) => {
      const p = t.addProperty({});
      return {
        path: effectAction(t, { op: 'set', piid: p.piid, value: 1, from: 'in', index: 0 }, { in: [p.piid] }),
      };
    },
  },
  {
    name: 'set from in past the end',
    plant: (_, t) => ({
      path: `${effectAction(t, { op: 'set', piid: t.addProperty({}).piid, from: 'in', index: 0 })}.index`,
    }),
  },
  {
    name: 'set from something other than in',
    plant: (_, t) => {
      const p = t.addProperty({});
      return {
        path: `${effectAction(t, { op: 'set', piid: p.piid, from: 'out', index: 0 }, { in: [p.piid] })}.from`,
      };
    },
  },
  {
    name: 'set from an in property with wider values',
    plant: (_, t) => {
      const wide = t.addProperty({ format: 'uint16' });
      const narrow = t.addProperty({ range: [0, 100, 1] });
      return {
        path: effectAction(t, { op: 'set', piid: narrow.piid, from: 'in', index: 0 }, { in: [wide.piid] }),
      };
    },
  },
  {
    name: 'set from an in property off the target grid',
    plant: (_, t) => {
      const fine = t.addProperty({ format: 'float', range: [0, 10, 0.5] });
      const coarse = t.addProperty({ format: 'float', range: [0, 10, 1] });
      return {
        path: effectAction(t, { op: 'set', piid: coarse.piid, from: 'in', index: 0 }, { in: [fine.piid] }),
      };
    },
  },
  {
    name: 'toggle a number',
    plant: (_, t) => ({ path: `${effectAction(t, { op: 'toggle', piid: t.addProperty({}).piid })}.piid` }),
  },
  {
    name: 'toggle a one-valued bool',
    plant: (_, t) => ({
      path: `${effectAction(t, { op: 'toggle', piid: t.addProperty({ format: 'bool', values: [{ value: true, description: 'on' }] }).piid })}.piid`,
    }),
  },
  {
    name: 'add to a bool',
    plant: (_, t) => ({
      path: `${effectAction(t, { op: 'add', piid: t.addProperty({ format: 'bool' }).piid, by: 1, overflow: 'clamp' })}.piid`,
    }),
  },
  {
    name: 'add without a range',
    plant: (_, t) => ({
      path: `${effectAction(t, { op: 'add', piid: t.addProperty({}).piid, by: 1, overflow: 'wrap' })}.piid`,
    }),
  },
  {
    name: 'add off the step',
    plant: (_, t) => ({
      path: `${effectAction(t, { op: 'add', piid: t.addProperty({ range: [0, 100, 5] }).piid, by: 3, overflow: 'wrap' })}.by`,
    }),
  },
  {
    name: 'add zero',
    plant: (_, t) => ({
      path: `${effectAction(t, { op: 'add', piid: t.addProperty({ range: [0, 100, 5] }).piid, by: 0, overflow: 'wrap' })}.by`,
    }),
  },
  {
    name: 'add with unknown overflow',
    plant: (_, t) => ({
      path: `${effectAction(t, { op: 'add', piid: t.addProperty({ range: [0, 9, 1] }).piid, by: 1, overflow: 'saturate' })}.overflow`,
    }),
  },
  {
    name: 'emit a missing event',
    plant: (_, t) => ({ path: `${effectAction(t, { op: 'emit', eiid: t.fresh('events', 'eiid') })}.eiid` }),
  },
  {
    name: 'action when names a missing property',
    plant: (_, t) => ({
      path: `${t.addAction({ when: { piid: t.missingPiid(), equals: true } })}.when.piid`,
    }),
  },
  {
    name: 'eiid repeated',
    plant: (_, t) => {
      const eiid = t.fresh('events', 'eiid');
      return {
        path: `${t.path}.events[${t.service.events.push({ eiid, name: 'a' }, { eiid, name: 'b' }) - 1}].eiid`,
      };
    },
  },
  {
    name: 'argument names a missing property',
    plant: (_, t) => ({ path: `${t.addEvent({ arguments: [t.missingPiid()] })}.arguments[0]` }),
  },
  {
    name: 'argument not readable',
    plant: (_, t) => ({
      path: `${t.addEvent({ arguments: [t.addProperty({ access: ['write'] }).piid] })}.arguments[0]`,
    }),
  },
  {
    name: 'argument repeated',
    plant: (_, t) => {
      const p = t.addProperty({}).piid;
      return { path: `${t.addEvent({ arguments: [p, p] })}.arguments[1]` };
    },
  },
];
