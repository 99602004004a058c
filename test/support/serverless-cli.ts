import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The repository root, where serverless.yml is. */
export const SERVICE_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** osls's entry point, run with this Node (22, as `npm test` provides) rather than whatever `node` is on PATH. */
const SERVERLESS_BIN = fileURLToPath(new URL('../../node_modules/serverless/bin/serverless.js', import.meta.url));

/**
 * What the serverless process sees of the environment: only PATH and HOME (osls caches its config
 * schema under ~/.serverless) plus what the test passes, so nothing from the shell running the
 * tests (AWS credentials, ODPS_* settings) leaks into a template or a function.
 */
export function serverlessEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...extra };
}

export function spawnServerless(args: readonly string[], env: Record<string, string>, detached = false) {
  return spawn(process.execPath, [SERVERLESS_BIN, ...args], {
    cwd: SERVICE_DIR,
    env,
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a serverless command to its end; rejects with its output when it fails or outlasts `timeoutMs`. */
export function runServerless(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<{ readonly output: string; readonly ms: number }> {
  const started = Date.now();
  const child = spawnServerless(args, env);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ output, ms: Date.now() - started });
      else reject(new Error(`serverless ${args.join(' ')} ended with ${signal ?? code}:\n${output}`));
    });
  });
}
