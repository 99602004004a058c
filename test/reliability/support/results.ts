import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the suite leaves its figures for `npm run report:reliability`: one JSON file per run part
 * (load, one per fault, soak), in RELIABILITY_RESULTS or the system's temporary directory.
 */
export function resultsDir(): string {
  const dir = process.env.RELIABILITY_RESULTS ?? join(tmpdir(), 'odps-chatops-reliability');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function saveResult(name: string, data: unknown): string {
  const file = join(resultsDir(), `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ name, savedAt: new Date().toISOString(), ...(data as object) }, null, 2)}\n`);
  return file;
}

export function readResults(dir = resultsDir()): Record<string, unknown>[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>);
}
