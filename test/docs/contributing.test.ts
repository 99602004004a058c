import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

/** The maintainer guide stays true: every file it names exists, and the README links it. */
const ROOT = new URL('../../', import.meta.url).pathname;
const GUIDE = readFileSync(`${ROOT}CONTRIBUTING.md`, 'utf8');

/** Repository paths the guide names, in backticks or in its diagrams: `src/…/x.ts`, `test/…`, `docs/…`. */
const PATH =
  /(?:^|[\s`(])((?:src|test|bench|functions|infra|docs)\/[\w./-]*[\w-]\.(?:ts|md|json|yml|cjs)|(?:src|test|bench)\/[\w/-]+\/)(?=[\s`),:]|$)/gm;

describe('CONTRIBUTING.md', () => {
  const named = [...new Set([...GUIDE.matchAll(PATH)].map((match) => match[1] ?? ''))];

  it('names files (this test would pass vacuously otherwise)', () => {
    assert.ok(named.length > 30, `${named.length} paths`);
  });

  it('names only files that exist', () => {
    assert.deepEqual(
      named.filter((path) => !existsSync(ROOT + path)),
      [],
    );
  });

  it('is linked from the README', () => {
    assert.match(readFileSync(`${ROOT}README.md`, 'utf8'), /\(CONTRIBUTING\.md\)/);
  });
});
