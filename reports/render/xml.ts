/**
 * A tiny XML tree and its serializer: every string that reaches the output goes through
 * `escapeXml`, the one place that knows XML's rules (HOUSE.md: escaping in one place).
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string | number>>;
  readonly children?: readonly XmlElement[];
  /** Character data; an element has children or text, not both. */
  readonly text?: string;
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls but tab, LF and CR; lone surrogates;
 * U+FFFE and U+FFFF) are replaced by U+FFFD so a device's garbage cannot break the file.
 */
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escape for an attribute value (`inAttribute`, where whitespace must survive normalisation) or for text. */
export function escapeXml(value: string, inAttribute: boolean): string {
  const clean = value.replace(NOT_XML_CHAR, '\uFFFD');
  return inAttribute
    ? clean.replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c]!)
    : clean.replace(/[&<>\r]/g, (c) => ENTITIES[c]!);
}

function serialize(element: XmlElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(String(value), true)}"`)
    .join('');
  const children = element.children ?? [];
  if (children.length === 0 && element.text === undefined) {
    out.push(`${indent}<${element.name}${attributes}/>`);
  } else if (children.length === 0) {
    out.push(
      `${indent}<${element.name}${attributes}>${escapeXml(element.text ?? '', false)}</${element.name}>`,
    );
  } else {
    out.push(`${indent}<${element.name}${attributes}>`);
    for (const child of children) serialize(child, depth + 1, out);
    out.push(`${indent}</${element.name}>`);
  }
}

export function serializeXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  serialize(root, 0, out);
  return `${out.join('\n')}\n`;
}
