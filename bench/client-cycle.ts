import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { DEMO_ACCOUNT } from '../src/emulator/options.ts';
import { MaxComputeClient } from '../src/maxcompute/client.ts';
import { startEmulatorProcess } from '../test/support/emulator-process.ts';

/**
 * `npm run bench:client`: N concurrent run -> wait -> results cycles through the emulator with
 * injected latency. The emulator runs in a child process so the RSS printed is the client's own.
 * Requests are counted by the emulator, per kind.
 */
const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '200' },
    'latency-ms': { type: 'string', default: '50' },
    'duration-ms': { type: 'string', default: '3000' },
  },
});
const cycles = Number(values.cycles);
const latencyMs = Number(values['latency-ms']);
const durationMs = Number(values['duration-ms']);

const emulator = await startEmulatorProcess([
  '--project',
  'bench_proj',
  '--latency-ms',
  String(latencyMs),
  '--duration-ms',
  String(durationMs),
]);
const { endpoint } = emulator;

const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
const client = new MaxComputeClient({ endpoint, project: 'bench_proj', credentials: DEMO_ACCOUNT, dispatcher });

const loadedRssMb = process.memoryUsage().rss / 1024 / 1024;
await emulator.resetStats();
const started = performance.now();
const rowCounts = await Promise.all(
  Array.from({ length: cycles }, async (_, n) => {
    const instance = await client.runSql(`select ${n} as n, name from pyodps_iris limit 5`);
    await instance.waitForSuccess();
    return (await instance.getResultTable()).rows.length;
  }),
);
const wallMs = performance.now() - started;
const stats = await emulator.stats();

const polls = (stats.byKind['GET instancestatus'] ?? 0) + (stats.byKind['GET instance'] ?? 0);
const perCycle = (count: number) => (count / cycles).toFixed(2);
const peakRssMb = process.resourceUsage().maxRSS / 1024;

console.log(`client cycle benchmark: ${cycles} concurrent run -> waitForSuccess -> getResultTable`);
console.log(`  emulator latency ${latencyMs} ms per request, each instance runs ${durationMs} ms`);
console.log(`  rows read per cycle: ${rowCounts.every((rows) => rows === 5) ? 5 : 'MISMATCH'}`);
console.log(`  requests in total:            ${stats.requests}`);
console.log(`  requests per cycle:           ${perCycle(stats.requests)}`);
console.log(`    status polls per cycle:     ${perCycle(polls)}`);
console.log(`    other requests per cycle:   ${perCycle(stats.requests - polls)}`);
for (const [kind, count] of Object.entries(stats.byKind).sort()) console.log(`      ${kind}: ${perCycle(count)}`);
console.log(`  wall time:                    ${(wallMs / 1000).toFixed(2)} s`);
console.log(`  client RSS after loading:     ${loadedRssMb.toFixed(1)} MB (Node 22 with TypeScript stripping)`);
console.log(`  client peak RSS:              ${peakRssMb.toFixed(1)} MB`);

await dispatcher.close();
await emulator.close();
if (!rowCounts.every((rows) => rows === 5)) process.exitCode = 1;
