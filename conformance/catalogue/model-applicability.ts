/**
 * Whether a device rule applies to a given model, and what of the model it will exercise:
 * `certify --list --model FILE` (issue 21). Pure, from the model alone (the pure model layer),
 * and a prediction of what the generators can produce: an action rule has nothing to call in a
 * model without actions, a property rule names the properties it reads or writes. Rules whose
 * checks do not depend on the model (RPC envelope, bindings) say nothing here.
 */
import type { DeviceModel, PropertySpec, ServiceSpec } from '../../src/model/index.js';
import type { Applicability } from './requirements.js';
import type { RuleId } from './rule-ids.js';

export interface ModelApplicability {
  readonly applicability: Applicability;
  /** What the rule's checks will use, named as partners read them: `light.on (2.1)`. */
  readonly uses?: { readonly what: string; readonly names: readonly string[] };
}

interface Named<T> {
  readonly service: ServiceSpec;
  readonly spec: T;
}

const FULL: Applicability = { run: 'full' };

/** `undefined`: the rule's checks are the same for every model. */
export function modelApplicability(rule: RuleId, model: DeviceModel): ModelApplicability | undefined {
  const properties = model.services.flatMap((service) =>
    service.properties.map((spec) => ({ service, spec })),
  );
  const actions = model.services.flatMap((service) => service.actions.map((spec) => ({ service, spec })));
  const events = model.services.flatMap((service) => service.events.map((spec) => ({ service, spec })));
  const has = (p: Named<PropertySpec>, access: 'read' | 'write' | 'notify') => p.spec.access.includes(access);
  const readable = properties.filter((p) => has(p, 'read'));
  const writable = properties.filter((p) => has(p, 'write'));
  const notify = properties.filter((p) => has(p, 'notify'));
  const propertyNames = (list: readonly Named<PropertySpec>[]) =>
    list.map((p) => `${p.service.name}.${p.spec.name} (${p.service.siid}.${p.spec.piid})`);
  switch (rule) {
    case 'EDP-PROP-1':
      return readable.length === 0
        ? none('the model has no readable property')
        : uses(FULL, 'reads', propertyNames(readable));
    case 'EDP-PROP-2': {
      const unreadable = properties.filter((p) => !has(p, 'read'));
      return unreadable.length === 0
        ? partial('no property without `read`: only unknown properties (-4003) are read', [])
        : uses(FULL, 'reads without `read`', propertyNames(unreadable));
    }
    case 'EDP-PROP-3':
      return writable.length === 0
        ? none('the model has no writable property')
        : uses(FULL, 'writes', propertyNames(writable));
    case 'EDP-PROP-4': {
      const missing: string[] = [];
      if (properties.every((p) => has(p, 'write'))) missing.push('no property without `write` (-4002)');
      if (writable.length === 0) missing.push('no writable property for invalid values (-4005)');
      if (!writable.some((p) => p.spec.when !== undefined))
        missing.push('no guarded (`when`) property (-4007)');
      const targets = propertyNames(properties.filter((p) => !has(p, 'write') || p.spec.when !== undefined));
      const tried = propertyNames(writable);
      const names = [...new Set([...tried, ...targets])];
      return missing.length === 0
        ? uses(FULL, 'writes', names)
        : partial(
            `${missing.join('; ')}: ${missing.length === 1 ? 'that part is' : 'those parts are'} not tried`,
            names,
            'writes',
          );
    }
    case 'EDP-ACT-1': {
      if (actions.length === 0) return none('the model declares no actions');
      return uses(FULL, 'calls', actionNames(actions));
    }
    case 'EDP-ACT-2': {
      if (actions.length === 0)
        return partial('the model declares no actions: only unknown actions (-4003) are called', []);
      return actions.some((a) => a.spec.when !== undefined)
        ? uses(FULL, 'calls', actionNames(actions))
        : partial(
            'no guarded (`when`) action: a failing `when` (-4007) is not tried',
            actionNames(actions),
            'calls',
          );
    }
    case 'EDP-NOTIFY-1':
    case 'EDP-NOTIFY-2':
      return notify.length === 0
        ? none('the model has no notify property')
        : uses(FULL, 'watches', propertyNames(notify));
    case 'EDP-NOTIFY-3':
      return events.length === 0
        ? none('the model declares no events')
        : uses(FULL, 'judges the arguments of', eventNames(events));
    case 'EDP-MQTT-2':
      return readable.some((p) => has(p, 'write'))
        ? undefined
        : partial('no writable, readable property: state kept across a reconnect is not checked', []);
    case 'EDP-WS-3':
      return notify.some((p) => has(p, 'write') && has(p, 'read'))
        ? undefined
        : partial(
            'no writable, readable notify property: notifications to every controller are not checked',
            [],
          );
    default:
      return undefined;
  }
}

/** The binding's verdict (requirements.ts `applicability`) and the model's, together: the stricter wins, reasons joined. */
export function combineApplicability(binding: Applicability, model: Applicability): Applicability {
  if (binding.run === 'none') return binding;
  if (model.run === 'none') return model;
  const reasons = [binding, model].flatMap((a) => (a.run === 'partial' ? [a.reason] : []));
  return reasons.length === 0 ? FULL : { run: 'partial', reason: reasons.join('; ') };
}

function none(reason: string): ModelApplicability {
  return { applicability: { run: 'none', reason } };
}

function partial(reason: string, names: readonly string[], what = 'uses'): ModelApplicability {
  return {
    applicability: { run: 'partial', reason },
    ...(names.length === 0 ? {} : { uses: { what, names } }),
  };
}

function uses(applicability: Applicability, what: string, names: readonly string[]): ModelApplicability {
  return { applicability, uses: { what, names } };
}

function actionNames(actions: readonly Named<{ name: string; aiid: number }>[]): string[] {
  return actions.map((a) => `${a.service.name}.${a.spec.name} (${a.service.siid}.${a.spec.aiid})`);
}

function eventNames(events: readonly Named<{ name: string; eiid: number }>[]): string[] {
  return events.map((e) => `${e.service.name}.${e.spec.name} (${e.service.siid}.${e.spec.eiid})`);
}
