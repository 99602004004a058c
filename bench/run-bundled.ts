import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * Runs a benchmark the way Lambda runs our code: compiled by esbuild into plain JavaScript (one level
 * below the repository, so its relative paths still hold), not through Node's TypeScript stripping,
 * whose own ~60 MB would otherwise be counted in the benchmark's memory figures.
 */
const [entry, ...args] = process.argv.slice(2);
if (!entry) throw new Error('usage: node bench/run-bundled.ts bench/<name>.ts [args]');
const outdir = resolve('.tmp');
mkdirSync(outdir, { recursive: true });
const outfile = resolve(outdir, basename(entry).replace(/\.ts$/, '.mjs'));
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  packages: 'external',
  logLevel: 'error',
});
const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
