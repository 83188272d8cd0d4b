/**
 * JSON that arrives from outside (a device's or a controller's message, a model, a scenario, a
 * result, a tokens file) is bounded in size and in nesting depth before anything walks it.
 * V8's JSON.parse is iterative and survives any depth, but JSON.stringify, String(), and every
 * recursive walk after it do not: an array nested 20,000 deep in a 40 KB request overflowed the
 * stack of a simulated device. So every reader parses through here, and what comes out is known
 * to be at most `maxDepth` deep. The guard itself never recurses.
 */

export interface JsonLimits {
  /** Largest accepted text, in UTF-8 bytes. */
  readonly maxBytes: number;
  /** Deepest accepted nesting of arrays and objects (a scalar is depth 0, `[]` depth 1). */
  readonly maxDepth: number;
}

/**
 * Messages of section 3 nest no deeper than about 10 (a get_model response carrying a model);
 * 32 leaves room for any valid one and none for a stack attack.
 */
export const MAX_MESSAGE_DEPTH = 32;
/** Files (models, scenarios, results, tokens) nest a little deeper: a result embeds messages. */
export const MAX_FILE_DEPTH = 64;

export type BoundedJson =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: 'too-large'; readonly bytes: number; readonly limit: number }
  | { readonly ok: false; readonly problem: 'too-deep'; readonly path: string; readonly limit: number }
  | { readonly ok: false; readonly problem: 'not-json'; readonly detail: string };

export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Never throws: size first (before parsing), then JSON, then depth. */
export function parseBoundedJson(text: string, limits: JsonLimits): BoundedJson {
  const bytes = utf8ByteLength(text);
  if (bytes > limits.maxBytes) return { ok: false, problem: 'too-large', bytes, limit: limits.maxBytes };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, problem: 'not-json', detail: jsonSyntaxDetail(text, error) };
  }
  const path = pathDeeperThan(value, limits.maxDepth);
  if (path !== undefined) return { ok: false, problem: 'too-deep', path, limit: limits.maxDepth };
  return { ok: true, value };
}

/**
 * Where and what the syntax error is, never what the text says there. V8's message quotes the
 * text (`Unexpected token 'F', "FOO=bar…" is not valid JSON`): a scenario pointing a model at
 * /proc/self/environ printed its first variable. The kind is kept, the quote and the token
 * dropped, and the position given as line and column (found by parsing prefixes when V8 gives
 * none: a prefix fails on its own only once it holds the offending character).
 */
export function jsonSyntaxDetail(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const offset = positionIn(message) ?? offendingOffset(text);
  const kind = message
    .replace(/\s*(,\s*)?(\(?"[\s\S]*"(\.\.\.)?\)?\s*)?is not valid JSON$/, '')
    .replace(/^Unexpected token .*$/s, 'Unexpected character')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ at position \d+.*$/s, '');
  if (offset === undefined) return kind;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${kind} at line ${line}, column ${column}`;
}

function positionIn(message: string): number | undefined {
  const match = / at position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** The offset of the first character no JSON text could continue with, or undefined (text ends early). */
function offendingOffset(text: string): number | undefined {
  const failsWithin = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (/^Unexpected end of JSON input/.test(message)) return false;
      const at = positionIn(message);
      return at === undefined || at < length;
    }
  };
  if (!failsWithin(text.length)) return undefined;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsWithin(middle)) high = middle;
    else low = middle + 1;
  }
  return Math.max(0, low - 1);
}

interface Visit {
  readonly value: unknown;
  readonly depth: number;
  readonly key: string | number | undefined;
  readonly parent: Visit | undefined;
}

/**
 * The path (`$[0].a[3]`) of the first container nested deeper than `maxDepth`, or `undefined`
 * when the value is within bounds. Iterative, with an explicit stack: safe at any depth.
 */
export function pathDeeperThan(value: unknown, maxDepth: number): string | undefined {
  const stack: Visit[] = [{ value, depth: 0, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    const current = visit.value;
    if (typeof current !== 'object' || current === null) continue;
    const depth = visit.depth + 1;
    if (depth > maxDepth) return pathOf(visit);
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) {
        const item: unknown = current[index];
        if (typeof item === 'object' && item !== null)
          stack.push({ value: item, depth, key: index, parent: visit });
      }
    } else {
      for (const key of Object.keys(current)) {
        const item: unknown = (current as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) stack.push({ value: item, depth, key, parent: visit });
      }
    }
  }
  return undefined;
}

/** The nesting depth of a value (a scalar 0, `[]` 1, `[[1]]` 2). Iterative. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current !== 'object' || current === null) continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    const items = Array.isArray(current) ? current : Object.values(current);
    for (const item of items)
      if (typeof item === 'object' && item !== null) stack.push({ value: item, depth: inner });
  }
  return deepest;
}

function pathOf(visit: Visit): string {
  const keys: (string | number)[] = [];
  for (let at: Visit | undefined = visit; at !== undefined; at = at.parent) {
    if (at.key !== undefined) keys.push(at.key);
  }
  keys.reverse();
  return `$${keys.map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)).join('')}`;
}

/** The problem in words that name the limit, for `what` ("model file m.json"). */
export function boundedJsonProblemText(result: Exclude<BoundedJson, { ok: true }>, what: string): string {
  switch (result.problem) {
    case 'too-large':
      return `${what} is ${result.bytes} bytes, over the limit of ${result.limit} bytes`;
    case 'too-deep':
      return `${what} nests arrays and objects deeper than the limit of ${result.limit} levels (at ${result.path})`;
    case 'not-json':
      return `${what} is not valid JSON: ${result.detail}`;
  }
}

/** The limits of a message of section 3: 65,536 bytes, 32 levels. */
export const MESSAGE_LIMITS: JsonLimits = Object.freeze({ maxBytes: 65_536, maxDepth: MAX_MESSAGE_DEPTH });

/** The parsed value, or `undefined` when the text is not JSON or not within `limits`. Never throws. */
export function parseJsonWithin(text: string, limits: JsonLimits = MESSAGE_LIMITS): unknown {
  const read = parseBoundedJson(text, limits);
  return read.ok ? read.value : undefined;
}
