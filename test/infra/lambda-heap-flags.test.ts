import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

/**
 * infra/lambda-heap-flags.sh, run as Lambda runs an exec wrapper: with the whole command line of the
 * Node.js runtime's start, here shaped as the bootstrap's for a 512 MB function (its heap flags, a
 * flag with a separate value, the entry script last). A real `node` then reports what it got.
 */
const WRAPPER = new URL('../../infra/lambda-heap-flags.sh', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'odps-heap-flags-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const entry = join(dir, 'runtime-entry.cjs');
writeFileSync(
  entry,
  `const v8 = require('node:v8');
process.stdout.write(JSON.stringify({
  execArgv: process.execArgv,
  args: process.argv.slice(2),
  heapLimitMiB: v8.getHeapStatistics().heap_size_limit / 1048576,
}));`,
);
const BOOTSTRAP_FLAGS = ['--expose-gc', '--max-http-header-size', '81920', '--max-semi-space-size=25'];
const BOOTSTRAP_OLD_SPACE = '--max-old-space-size=460';

function startAsLambda(env: Record<string, string> = {}) {
  const output = execFileSync('bash', [WRAPPER, process.execPath, ...BOOTSTRAP_FLAGS, BOOTSTRAP_OLD_SPACE, entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return JSON.parse(output) as { execArgv: string[]; args: string[]; heapLimitMiB: number };
}

describe('the poller’s heap wrapper', () => {
  it('starts the runtime with its own limits after the bootstrap’s, which V8 then applies', () => {
    const started = startAsLambda();
    assert.deepEqual(started.execArgv, [
      ...BOOTSTRAP_FLAGS,
      BOOTSTRAP_OLD_SPACE,
      '--max-semi-space-size=4',
      '--max-old-space-size=231',
    ]);
    assert.deepEqual(started.args, [], 'the entry script is still the script, with nothing after it');
    // V8's limit is the old space plus three semi-spaces: 231 + 3 × 4, not the bootstrap's 460 + 3 × 32.
    assert.equal(started.heapLimitMiB, 243);
  });

  it('LAMBDA_V8_FLAGS replaces its defaults', () => {
    const started = startAsLambda({ LAMBDA_V8_FLAGS: '--max-semi-space-size=2 --max-old-space-size=300' });
    assert.deepEqual(started.execArgv.slice(-2), ['--max-semi-space-size=2', '--max-old-space-size=300']);
    assert.equal(started.heapLimitMiB, 306);
  });

  it('NODE_OPTIONS could not have done it: the bootstrap’s command line wins over it', () => {
    const output = execFileSync(process.execPath, [...BOOTSTRAP_FLAGS, BOOTSTRAP_OLD_SPACE, entry], {
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '--max-semi-space-size=4 --max-old-space-size=231' },
      encoding: 'utf8',
    });
    // 460 + 3 × 32 (V8 rounds the 25 MB semi-space up to a power of two).
    assert.equal((JSON.parse(output) as { heapLimitMiB: number }).heapLimitMiB, 556);
  });
});
