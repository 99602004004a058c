import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';

/**
 * A short soak for CI: `npm run soak` for 2 minutes (RELIABILITY_SOAK_MINUTES), samples every 5 s.
 * Two minutes are mostly warm-up, so the growth limits here only catch a gross leak (several MB or
 * dozens of handles a minute); the 30-minute run (`npm run soak`) holds the real ones.
 */
const MINUTES = process.env.RELIABILITY_SOAK_MINUTES ?? '2';

describe(`soak, ${MINUTES} minutes`, () => {
  it('answers everything, delivers every notice once, and grows no faster than a gross-leak limit', async () => {
    const child = spawn(
      process.execPath,
      [
        new URL('./soak.ts', import.meta.url).pathname,
        '--minutes',
        MINUTES,
        '--sample-seconds',
        '5',
        '--max-heap-mb-per-hour',
        '300',
        '--max-rss-mb-per-hour',
        '1500',
        '--max-handles-per-hour',
        '600',
        '--name',
        'soak-short',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    console.log(
      output
        .split('\n')
        .filter((line) => !line.startsWith('  '))
        .join('\n'),
    );
    assert.equal(code, 0, output.split('\n').slice(-8).join('\n'));
  });
});
