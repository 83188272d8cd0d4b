/**
 * Planting model mistakes: a target service of a valid model and helpers that append fresh,
 * well-formed items, so each planted mistake is the only thing wrong at its spot.
 */
// biome-ignore lint/suspicious/noExplicitAny: planting mistakes means writing what the types forbid
export type Doc = any;
export interface Planted {
  /** Where the problem must be reported. */
  readonly path: string;
  /** Every problem must lie under this path (default: `path`). */
  readonly scope?: string;
}
export interface Mistake {
  readonly name: string;
  /** False when the mistake renumbers services, so it cannot be combined with others. */
  readonly combinable?: boolean;
  readonly plant: (doc: Doc, at: Target) => Planted;
}

/** A non-information service to plant into, with helpers that append fresh, well-formed items. */
export class Target {
  constructor(
    readonly doc: Doc,
    readonly index: number,
  ) {}
  get service(): Doc {
    return this.doc.services[this.index];
  }
  get path(): string {
    return `$.services[${this.index}]`;
  }
  fresh(list: 'properties' | 'actions' | 'events', key: string): number {
    const used = new Set(this.service[list].map((item: Doc) => item[key]));
    let id = 1;
    while (used.has(id)) id++;
    return id;
  }
  addProperty(extra: Doc): { piid: number; path: string } {
    const piid = this.fresh('properties', 'piid');
    const i =
      this.service.properties.push({
        piid,
        name: `planted-${piid}`,
        format: 'uint8',
        access: ['read', 'write'],
        ...extra,
      }) - 1;
    return { piid: extra.piid ?? piid, path: `${this.path}.properties[${i}]` };
  }
  addAction(extra: Doc): string {
    const aiid = this.fresh('actions', 'aiid');
    const i =
      this.service.actions.push({ aiid, name: `planted-${aiid}`, in: [], out: [], effects: [], ...extra }) -
      1;
    return `${this.path}.actions[${i}]`;
  }
  addEvent(extra: Doc): string {
    const eiid = this.fresh('events', 'eiid');
    const i = this.service.events.push({ eiid, name: `planted-${eiid}`, arguments: [], ...extra }) - 1;
    return `${this.path}.events[${i}]`;
  }
  /** The highest unused piid: far from the lowest ones that `addProperty` takes. */
  missingPiid(): number {
    const used = new Set(this.service.properties.map((item: Doc) => item.piid));
    let id = 65535;
    while (used.has(id)) id--;
    return id;
  }
}

export const infoIndex = (doc: Doc): number => doc.services.findIndex((s: Doc) => s.siid === 1);

/** Appends an action holding just `effect`; returns the effect's path. */
export const effectAction = (t: Target, effect: Doc, extra: Doc = {}): string =>
  `${t.addAction({ effects: [effect], ...extra })}.effects[0]`;

/** The highest siid not in use. */
export function freeSiid(doc: Doc): number {
  const used = new Set(doc.services.map((s: Doc) => s.siid));
  let siid = 65535;
  while (used.has(siid)) siid--;
  return siid;
}
