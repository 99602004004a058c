import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';

/**
 * Small files, one concept each: no file under src/ over 300 lines and no function over 60, so a
 * reader takes in a file at a time. Data tables (message catalogs) are object literals, not functions.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

const sources = globSync('src/**/*.{ts,js,css}', { cwd: ROOT });

function longFunctions(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(ROOT + file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (last - first + 1 > MAX_FUNCTION_LINES) found.push(`${file}:${first + 1} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('code size', () => {
  it('finds the sources', () => {
    assert.ok(sources.length > 100, `${sources.length} files`);
  });

  it(`no file under src/ is over ${MAX_FILE_LINES} lines`, () => {
    const long = sources.filter((file) => readFileSync(ROOT + file, 'utf8').split('\n').length - 1 > MAX_FILE_LINES);
    assert.deepEqual(long, []);
  });

  it(`no function under src/ is over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = sources.filter((file) => !file.endsWith('.css')).flatMap(longFunctions);
    assert.deepEqual(long, []);
  });
});
