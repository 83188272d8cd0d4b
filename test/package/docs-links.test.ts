/**
 * Every relative link of README.md, docs/*.md and docs/evidence/*.md reaches a file of the repository, and every
 * `#anchor` a heading of its target (GitHub's heading ids): references such as
 * "docs/protocol.md, section 8" stay followable when headings are renamed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC_FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  // The developers' evidence (not shipped): its links must lead somewhere too.
  ...readdirSync(join(ROOT, 'docs', 'evidence'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/evidence/${f}`),
];

/** The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingId(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
}

function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^(\s*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s*\2[^\n]*$/gm, '');
}

function headingIds(markdown: string): Set<string> {
  return new Set(
    [...withoutCodeBlocks(markdown).matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => headingId(m[1] ?? '')),
  );
}

/** `file: link (why)` for every relative link of `file` that leads nowhere. */
function brokenLinks(file: string): string[] {
  const markdown = readFileSync(join(ROOT, file), 'utf8');
  const broken: string[] = [];
  for (const match of withoutCodeBlocks(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
    const link = match[1] ?? '';
    if (/^[a-z]+:/i.test(link)) continue;
    const [path = '', anchor] = link.split('#');
    const target = path === '' ? file : normalize(join(dirname(file), path));
    if (!existsSync(join(ROOT, target))) {
      broken.push(`${file}: ${link} (no file ${target})`);
      continue;
    }
    if (anchor && target.endsWith('.md') && !headingIds(readFileSync(join(ROOT, target), 'utf8')).has(anchor))
      broken.push(`${file}: ${link} (no heading #${anchor} in ${target})`);
  }
  return broken;
}

describe('links in README.md and docs/*.md', () => {
  it('computes heading ids as GitHub does', () => {
    expect(headingId('8. Hub API (for partner hubs and clouds)')).toBe(
      '8-hub-api-for-partner-hubs-and-clouds',
    );
    expect(headingId("fleetcert's readings of message corners (normative)")).toBe(
      'fleetcerts-readings-of-message-corners-normative',
    );
    expect(headingId('Every rule `fleetcert model validate` checks (EDP-MODEL-1)')).toBe(
      'every-rule-fleetcert-model-validate-checks-edp-model-1',
    );
  });

  it.each(DOC_FILES)('%s links to files and headings that exist', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('protocol.md is linked from the docs that cite its sections', () => {
    for (const file of ['README.md', 'docs/certification.md', 'docs/load.md', 'docs/simulators.md'])
      expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(/protocol\.md#\d-/);
  });
});
