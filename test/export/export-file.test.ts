import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { writeExportFile } from '../../src/export/export-file.ts';
import type { ResultExport } from '../../src/tracker/maxcompute-gateway.ts';

/** A result of `rows` lines, in chunks of 100; `failAt` throws when that row is reached. */
function result(rows: number, failAt?: number): ResultExport {
  return {
    columns: ['n'],
    rowCount: rows,
    csv: async function* () {
      yield '"n"\n';
      for (let start = 0; start < rows; start += 100) {
        if (failAt !== undefined && failAt >= start && failAt < start + 100) throw new Error('tunnel gone');
        yield Array.from({ length: Math.min(100, rows - start) }, (_, i) => `${start + i}\n`).join('');
      }
    },
  };
}

const scratch = () => mkdtemp(join(tmpdir(), 'export-file-test-'));

describe('writing an export to disk', () => {
  it('keeps a small CSV as it is and counts its rows', async () => {
    const directory = await scratch();
    const progress: number[] = [];
    const file = await writeExportFile('i1', result(250), { directory, onProgress: (rows) => progress.push(rows) });
    assert.deepEqual([file.filename, file.gzip, file.rows], ['i1.csv', false, 250]);
    const text = await readFile(file.path, 'utf8');
    assert.equal(text.split('\n').length, 252);
    assert.equal(file.bytes, Buffer.byteLength(text));
    assert.equal(progress.at(-1), 250);
    await file.remove();
    assert.deepEqual(await readdir(directory), []);
  });

  it('gzips one past the threshold, and the file unpacks to the CSV', async () => {
    const directory = await scratch();
    const file = await writeExportFile('i2', result(5000), { directory, gzipAboveBytes: 1000 });
    assert.deepEqual([file.filename, file.gzip, file.rows], ['i2.csv.gz', true, 5000]);
    const csv = gunzipSync(await readFile(file.path)).toString();
    assert.equal(Buffer.byteLength(csv), file.csvBytes);
    assert.ok(file.bytes < file.csvBytes);
    assert.deepEqual(await readdir(join(file.path, '..')), ['i2.csv.gz'], 'the plain CSV is gone');
    await file.remove();
  });

  it('leaves nothing behind when reading fails half way or is aborted', async () => {
    const directory = await scratch();
    await assert.rejects(writeExportFile('i3', result(1000, 500), { directory }), /tunnel gone/);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(writeExportFile('i4', result(1000), { directory, signal: controller.signal }), {
      name: 'AbortError',
    });
    assert.deepEqual(await readdir(directory), []);
  });
});
