/**
 * A small EDP/1 device written from PROTOCOL.md alone, outside fleetcert's own code: it uses no
 * simulator, no judge and none of fleetcert's value checks, only the model's JSON shape. It
 * serves any valid model. Tests certify it to show that the suites follow the protocol's words,
 * not the habits of fleetcert's simulators.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
type Value = boolean | number | string;
interface Prop {
  piid: number;
  name: string;
  format: string;
  access: string[];
  range?: number[];
  values?: Array<{ value: Value }>;
  maxLength?: number;
  when?: { piid: number; equals: Value };
  volatile?: boolean;
}
interface Act {
  aiid: number;
  in: number[];
  out: number[];
  effects: Obj[];
  when?: { piid: number; equals: Value };
}
interface Svc {
  siid: number;
  properties?: Prop[];
  actions?: Act[];
  events?: Array<{ eiid: number; arguments: number[] }>;
}
export interface IndependentModel {
  model: string;
  services: Svc[];
}

const LIMITS: Record<string, [number, number]> = {
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
};

function fits(p: Prop, v: unknown): v is Value {
  if (p.format === 'bool') {
    if (typeof v !== 'boolean') return false;
  } else if (p.format === 'string') {
    if (typeof v !== 'string' || [...v].length > (p.maxLength ?? 255)) return false;
  } else {
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    const limits = LIMITS[p.format];
    if (limits && (!Number.isInteger(v) || v < limits[0] || v > limits[1])) return false;
    if (p.range) {
      const [min, max, step] = p.range as [number, number, number];
      if (v < min || v > max) return false;
      const k = (v - min) / step;
      if (Math.abs(v - min - step * Math.round(k)) > 1e-9) return false;
    }
  }
  return !p.values || p.values.some((x) => x.value === v);
}

function firstValue(p: Prop): Value {
  if (p.values?.length) return p.values[0]!.value;
  if (p.range) return p.range[0]!;
  return p.format === 'bool' ? false : p.format === 'string' ? '' : Math.max(0, LIMITS[p.format]?.[0] ?? 0);
}

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isIid = (x: unknown): x is number => Number.isInteger(x);

export interface DeviceInfo {
  deviceId: string;
  manufacturer?: string;
  serial?: string;
  firmware?: string;
}

export class IndependentDevice {
  readonly firmware: string;
  private readonly values = new Map<string, Value>();
  private readonly seen = new Map<number, { at: number; reply: string }>();
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(
    readonly model: IndependentModel,
    readonly info: DeviceInfo,
    private readonly clock: () => number = Date.now,
  ) {
    this.firmware = info.firmware ?? '0.0.1-independent';
    const preset: Record<string, Value> = {
      '1.1': info.manufacturer ?? 'Independent Labs',
      '1.2': model.model,
      '1.3': info.serial ?? 'IND-0001',
      '1.4': this.firmware,
    };
    for (const s of model.services)
      for (const p of s.properties ?? [])
        this.values.set(`${s.siid}.${p.piid}`, preset[`${s.siid}.${p.piid}`] ?? firstValue(p));
  }

  hello(): string {
    return JSON.stringify({
      method: 'hello',
      params: { deviceId: this.info.deviceId, model: this.model.model, fw: this.firmware },
    });
  }

  /**
   * A volatile reading moves by itself (section 2): the new value, and the properties_changed
   * message a notify property owes for it (none when the value is as it was).
   */
  changeByItself(siid: number, piid: number, value: Value): string | undefined {
    const spec = this.model.services.find((s) => s.siid === siid)?.properties?.find((p) => p.piid === piid);
    if (spec === undefined || spec.volatile !== true)
      throw new Error(`(${siid}, ${piid}) is not a volatile property`);
    const key = `${siid}.${piid}`;
    if (this.values.get(key) === value) return undefined;
    this.values.set(key, value);
    if (!spec.access.includes('notify')) return undefined;
    return JSON.stringify({ method: 'properties_changed', params: [{ siid, piid, value }] });
  }

  /** Everything the device sends in answer to one frame: the response (if any) first, then notifications. */
  handle(frame: string | Uint8Array, binary = false): string[] {
    const size = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength;
    if (size > 65536) return [this.error(null, -32600, 'message over 65536 bytes')];
    if (binary) return [this.error(null, -32700, 'binary frames are not accepted')];
    let text: string;
    try {
      text = typeof frame === 'string' ? frame : this.utf8.decode(frame);
    } catch {
      return [this.error(null, -32700, 'not UTF-8')];
    }
    if (typeof frame === 'string' && /\p{Cs}/u.test(frame)) return [this.error(null, -32700, 'not UTF-8')];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [this.error(null, -32700, 'not JSON')];
    }
    if (!isObj(body)) return [this.error(null, -32600, 'not an object')];
    const id = body.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 2147483647)
      return [this.error(null, -32600, 'no valid id')];
    const now = this.clock();
    for (const [old, entry] of this.seen) if (now - entry.at > 60000) this.seen.delete(old);
    const stored = this.seen.get(id);
    if (stored) return [stored.reply];
    const out: string[] = [];
    const reply = this.dispatch(id, body, out);
    this.seen.set(id, { at: now, reply });
    return [reply, ...out];
  }

  private dispatch(id: number, body: Obj, out: string[]): string {
    const params = body.params;
    const changes: Obj[] = [];
    const flush = () => {
      for (let i = 0; i < changes.length; i += 16)
        out.push(JSON.stringify({ method: 'properties_changed', params: changes.slice(i, i + 16) }));
    };
    switch (body.method) {
      case 'get_model':
        return JSON.stringify({ id, result: this.model as unknown as Json });
      case 'get_properties':
      case 'set_properties': {
        if (!Array.isArray(params) || params.length === 0 || params.length > 16 || !params.every(isObj))
          return this.error(id, -32602, 'params must be 1..16 objects');
        const items = (params as Obj[]).map((p) =>
          body.method === 'get_properties' ? this.read(p) : this.write(p, changes),
        );
        const events: string[] = [];
        flush();
        out.push(...events);
        return JSON.stringify({ id, result: items });
      }
      case 'action': {
        if (!isObj(params)) return this.error(id, -32602, 'params must be an object');
        const events: string[] = [];
        const result = this.act(params, changes, events);
        flush();
        out.push(...events);
        return JSON.stringify({ id, result });
      }
      default:
        return this.error(id, -32601, 'unknown method');
    }
  }

  private lookup(siid: unknown, piid: unknown): { s: Svc; p: Prop } | undefined {
    if (!isIid(siid) || !isIid(piid)) return undefined;
    const s = this.model.services.find((x) => x.siid === siid);
    const p = s?.properties?.find((x) => x.piid === piid);
    return s && p ? { s, p } : undefined;
  }

  private read(item: Obj): Obj {
    const found = this.lookup(item.siid, item.piid);
    const head = { siid: item.siid ?? null, piid: item.piid ?? null };
    if (!found) return { ...head, code: -4003 };
    if (!found.p.access.includes('read')) return { ...head, code: -4001 };
    return { ...head, code: 0, value: this.values.get(`${found.s.siid}.${found.p.piid}`)! };
  }

  private allowed(s: Svc, when: { piid: number; equals: Value } | undefined): boolean {
    return !when || this.values.get(`${s.siid}.${when.piid}`) === when.equals;
  }

  private assign(s: Svc, p: Prop, value: Value, changes: Obj[]): void {
    const key = `${s.siid}.${p.piid}`;
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    if (p.access.includes('notify')) changes.push({ siid: s.siid, piid: p.piid, value });
  }

  private write(item: Obj, changes: Obj[]): Obj {
    const found = this.lookup(item.siid, item.piid);
    const head = { siid: item.siid ?? null, piid: item.piid ?? null };
    if (!found) return { ...head, code: -4003 };
    if (!found.p.access.includes('write')) return { ...head, code: -4002 };
    if (!('value' in item) || !fits(found.p, item.value)) return { ...head, code: -4005 };
    if (!this.allowed(found.s, found.p.when)) return { ...head, code: -4007 };
    this.assign(found.s, found.p, item.value, changes);
    return { ...head, code: 0 };
  }

  private act(params: Obj, changes: Obj[], events: string[]): Obj {
    const fail = (code: number) => ({ code, out: [] });
    const s = isIid(params.siid) ? this.model.services.find((x) => x.siid === params.siid) : undefined;
    const a = s && isIid(params.aiid) ? s.actions?.find((x) => x.aiid === params.aiid) : undefined;
    if (!s || !a) return fail(-4003);
    const given = 'in' in params ? params.in : [];
    if (!Array.isArray(given) || given.length !== a.in.length) return fail(-4006);
    const args: Value[] = [];
    for (let i = 0; i < a.in.length; i++) {
      const g = given[i];
      const p = s.properties?.find((x) => x.piid === a.in[i]);
      if (!isObj(g) || g.piid !== a.in[i] || !p || !('value' in g) || !fits(p, g.value)) return fail(-4006);
      args.push(g.value);
    }
    if (!this.allowed(s, a.when)) return fail(-4007);
    for (const e of a.effects) {
      if (e.op === 'emit') {
        const ev = s.events?.find((x) => x.eiid === e.eiid);
        const list = (ev?.arguments ?? []).map((piid) => ({
          piid,
          value: this.values.get(`${s.siid}.${piid}`)!,
        }));
        events.push(
          JSON.stringify({
            method: 'event_occurred',
            params: { siid: s.siid, eiid: e.eiid, arguments: list },
          }),
        );
        continue;
      }
      const p = s.properties!.find((x) => x.piid === e.piid)!;
      const now = this.values.get(`${s.siid}.${p.piid}`)!;
      let next: Value;
      if (e.op === 'toggle') next = !now;
      else if (e.op === 'set') next = 'from' in e ? args[e.index as number]! : (e.value as Value);
      else {
        const [min, max, step] = p.range as [number, number, number];
        const raw = (now as number) + (e.by as number);
        if (e.overflow === 'clamp') next = Math.min(Math.max(raw, min), max);
        else {
          const span = max - min + step;
          let m = (((raw - min) % span) + span) % span;
          if (span - m < 1e-9) m = 0; // a remainder a hair below the span is a whole turn (float error)
          next = Number((min + m).toFixed(9));
        }
      }
      this.assign(s, p, next, changes);
    }
    return { code: 0, out: a.out.map((piid) => ({ piid, value: this.values.get(`${s.siid}.${piid}`)! })) };
  }

  private error(id: number | null, code: number, message: string): string {
    return JSON.stringify({ id, error: { code, message } });
  }
}
