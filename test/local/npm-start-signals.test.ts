import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { groupAlive, stopGroup } from '../support/process-group.ts';

/**
 * `npm start` under a process manager or a script: the signal goes to npm's PID alone, not to the
 * terminal's whole process group. npm passes SIGTERM and SIGINT only to the process it runs, so the
 * script execs the app (a shell in between would swallow them); the app must stop cleanly either way.
 */
const ROOT = new URL('../../', import.meta.url).pathname;

async function startNpm() {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', SIMULATOR_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const deadline = Date.now() + 60_000;
  while (!lines.some((line) => line.includes('Ctrl-C stops everything'))) {
    if (Date.now() > deadline || child.exitCode !== null) assert.fail(`npm start did not start:\n${lines.join('\n')}`);
    await sleep(100);
  }
  return { child, lines, group: child.pid ?? 0 };
}

describe('npm start stopped by a signal to npm alone', () => {
  // SIGKILL cannot be passed on: npm dies at once, and the app stops because its parent went away.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
    test(`${signal} to npm's PID stops the app cleanly`, async () => {
      const { child, lines, group } = await startNpm();
      try {
        const exited = once(child, 'exit');
        process.kill(child.pid ?? 0, signal);
        const timeout = sleep(15_000).then(() => 'still running' as const);
        assert.notEqual(await Promise.race([exited, timeout]), 'still running', `npm ignored ${signal}`);
        const deadline = Date.now() + 15_000;
        while (groupAlive(group) && Date.now() < deadline) await sleep(100);
        assert.equal(groupAlive(group), false, 'nothing of npm start is left running');
        assert.ok(
          lines.some((line) => line === 'Stopped.'),
          lines.join('\n'),
        );
      } finally {
        await stopGroup(group, 2000);
      }
    });
  }
});
