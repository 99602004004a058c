import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { it } from 'node:test';
import { promisify } from 'node:util';

/** `npm start` is the README's first command: its tour must run end to end and show what it promises. */
it('npm start tours the client on the emulator: status, progress, results, stop, XFlow Logviews', async () => {
  const script = new URL('../../src/local/demo.ts', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [script, '--exit'], { timeout: 60_000 });
  assert.match(stdout, /endpoint|MaxCompute emulator: http:\/\/127\.0\.0\.1:\d+\/api/);
  assert.match(stdout, /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d M1_job_0:\d+\/\d+\/\d+.*\[\d+%\]\t/);
  assert.match(stdout, /status: Terminated {2}is_successful: true/);
  assert.match(stdout, /Iris-setosa \| 50 \| 1\.46/);
  assert.match(stdout, /logview: http:\/\/127\.0\.0\.1:\d+\/logview\/\?h=.*&token=/);
  assert.match(stdout, /stop: stop_requested/);
  assert.match(stdout, /stop again: already_terminated/);
  assert.match(stdout, /appendid: http:\/\/127\.0\.0\.1:\d+\/logview\//);
  assert.ok(!stdout.includes('demo failed'), stdout);
});
