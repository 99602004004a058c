import type { BuildOptions } from 'esbuild';
import { undiciOnLambda } from './undici-on-lambda.ts';

/**
 * How a Lambda function is bundled (the benchmark measures this; serverless.yml's esbuild step reads
 * the same settings through infra/serverless-esbuild.cjs). Bolt's index loads every receiver at
 * require time, but on Lambda only AwsLambdaReceiver is ever constructed: Express, the raw-body reader
 * of HTTPReceiver, the Socket Mode client and the OAuth installer (only those receivers use it) are
 * required but never called, so they are replaced by an empty module. That keeps about 850 KB
 * (iconv-lite, mime-db, express, jsonwebtoken) out of the cold start. Likewise the parts of undici's
 * index that no function calls (mock agents, fetch, WebSocket, the cache, proxies: infra/undici-on-lambda.ts),
 * another 223 KB; those throw if ever used. Both are settings below, so serverless-esbuild applies them too.
 * test/functions/lambda-bundle.test.ts proves the bundle runs.
 */
const EMPTY = new URL('./empty-module.cjs', import.meta.url).pathname;

export const NEVER_RUN_ON_LAMBDA = ['express', 'raw-body', '@slack/socket-mode', '@slack/oauth'] as const;

/** Every setting except what to build and where to write it. */
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  logLevel: 'error',
  alias: Object.fromEntries(NEVER_RUN_ON_LAMBDA.map((name) => [name, EMPTY])),
  plugins: [undiciOnLambda],
} as const satisfies BuildOptions;

export function lambdaBundleOptions(entry: string, outfile: string): BuildOptions {
  return { ...LAMBDA_BUILD_OPTIONS, entryPoints: [entry], outfile };
}
