import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * The protocol the client and the emulator speak is described in docs/maxcompute-protocol.md, and
 * comments point into it by heading: `(docs/maxcompute-protocol.md, "Signing (v2)")`. Section-sign
 * references to a numbered file outside the repository must not come back, and every pointer must
 * name a heading the doc has.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const DOC = 'docs/maxcompute-protocol.md';
const SCANNED = ['src', 'test', 'bench', 'functions', 'infra', 'docs', 'README.md'];
const EXCLUDED = ['test/fixtures'];
/** Written as an escape so this file does not contain the character it looks for. */
const SECTION_SIGN = '\u00a7';
/** The doc's path, a comma and a quoted heading, maybe more after `, ` or ` and `; all on one line. */
const POINTER = /docs\/maxcompute-protocol\.md((?:,? (?:and )?"[^"\n]+")+)/g;
/** The STS client's protocol (src/alicloud-sts/), pointed into the same way, one heading a pointer. */
const STS_DOC = 'docs/alicloud-sts.md';
const STS_POINTER = /docs\/alicloud-sts\.md, "([^"\n]+)"/g;

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (EXCLUDED.includes(path)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => filesUnder(`${path}/${name}`));
}

const files = SCANNED.flatMap(filesUnder).map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

/** Markdown headings outside fenced code blocks, without their #s. */
function headings(markdown: string): string[] {
  const found: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.+?)\s*$/.exec(line);
    if (heading?.[1]) found.push(heading[1]);
  }
  return found;
}

describe('protocol references', () => {
  it('scans the places comments and docs live', () => {
    assert.ok(files.length > 100, `only ${files.length} files found under ${SCANNED.join(', ')}`);
    assert.ok(!files.some((file) => file.path.startsWith('test/fixtures/')));
    assert.ok(files.some((file) => file.path === DOC));
  });

  it(`no file cites numbered sections (${SECTION_SIGN}) of a protocol file outside the repository`, () => {
    const offending = files.flatMap(({ path, text }) =>
      text
        .split('\n')
        .flatMap((line, index) => (line.includes(SECTION_SIGN) ? [`${path}:${index + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(offending, []);
  });

  it('the doc has unique headings, so every pointer means one place', () => {
    const all = headings(readFileSync(join(ROOT, DOC), 'utf8'));
    assert.ok(all.length > 10);
    assert.deepEqual(
      all.filter((heading, index) => all.indexOf(heading) !== index),
      [],
    );
  });

  it(`every pointer into ${DOC} names one of its headings`, () => {
    const known = new Set(headings(readFileSync(join(ROOT, DOC), 'utf8')));
    const pointers = files.flatMap(({ path, text }) =>
      [...text.matchAll(POINTER)].flatMap((match) =>
        [...(match[1] ?? '').matchAll(/"([^"\n]+)"/g)].map((quoted) => ({ path, heading: quoted[1] ?? '' })),
      ),
    );
    assert.ok(pointers.length >= 30, `only ${pointers.length} pointers found`);
    const unknown = pointers.filter((pointer) => !known.has(pointer.heading));
    assert.deepEqual(
      unknown.map((pointer) => `${pointer.path}: "${pointer.heading}"`),
      [],
    );
  });

  it(`every pointer into ${STS_DOC} names one of its headings`, () => {
    const known = new Set(headings(readFileSync(join(ROOT, STS_DOC), 'utf8')));
    const pointers = files.flatMap(({ path, text }) =>
      [...text.matchAll(STS_POINTER)].map((match) => ({ path, heading: match[1] ?? '' })),
    );
    assert.ok(pointers.length >= 5, `only ${pointers.length} pointers found`);
    assert.deepEqual(
      pointers.filter((pointer) => !known.has(pointer.heading)).map((p) => `${p.path}: "${p.heading}"`),
      [],
    );
  });
});
