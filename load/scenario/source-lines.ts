/**
 * Where in a scenario file a JSON path points: problems found on the parsed value are reported
 * with the file's line, so a user goes straight to it. The yaml package keeps node ranges.
 */
import { isNode, LineCounter, parseDocument } from 'yaml';

/** `$.stages[1].hold` → ['stages', 1, 'hold']; undefined for a path this module did not write. */
export function pathSegments(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: (string | number)[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]/gy;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path);
    if (!match) return undefined;
    segments.push(match[2] === undefined ? (match[1] as string) : Number(match[2]));
  }
  return segments;
}

/**
 * A function giving the 1-based line of a JSON path in `text`, or of its nearest ancestor the
 * file has (a missing key is reported where its parent starts); undefined when the text does
 * not parse or the path names nothing in it.
 */
export function lineLocator(text: string): (path: string) => number | undefined {
  const counter = new LineCounter();
  let document: ReturnType<typeof parseDocument> | undefined;
  try {
    document = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  } catch {
    document = undefined;
  }
  return (path) => {
    const segments = pathSegments(path);
    if (document === undefined || segments === undefined || document.errors.length > 0) return undefined;
    for (let length = segments.length; length > 0; length--) {
      const node = document.getIn(segments.slice(0, length), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}
