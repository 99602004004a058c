import type { Plugin } from 'esbuild';

/**
 * The functions use undici for three things: `request()`, an `Agent` for MaxCompute, and the
 * `Dispatcher` type (src/maxcompute, src/slack/slack-poster.ts, src/runtime/secrets.ts). undici's
 * index requires everything else it exports as it loads, about 225 KB of the slack bundle that no
 * function calls. These are those requires, as undici's index.js writes them (a directory stands for
 * every module under it):
 */
export const UNDICI_NEVER_RUN_ON_LAMBDA = [
  // MockAgent, MockPool, MockClient, SnapshotAgent: test doubles, which the tests take from undici itself.
  './lib/mock',
  // fetch, Headers, Request, Response, FormData, WebSocket, EventSource, cookies, CacheStorage: every
  // request goes through request(); fetch on Lambda would be Node's own global one anyway.
  './lib/web',
  // The HTTP cache (memory and SQLite stores) and the interceptors: no dispatcher is composed.
  './lib/cache',
  './lib/interceptor',
  // Proxies: the functions reach Slack, MaxCompute, AWS and the secrets extension directly.
  './lib/dispatcher/proxy-agent',
  './lib/dispatcher/socks5-proxy-agent',
  './lib/dispatcher/env-http-proxy-agent',
  // Dispatchers and the retry handler nothing constructs: retries are the product's own (src/maxcompute).
  './lib/dispatcher/retry-agent',
  './lib/handler/retry-handler',
  './lib/dispatcher/h2c-client',
  './lib/dispatcher/balanced-pool',
  './lib/dispatcher/round-robin-pool',
] as const;

const NOT_BUNDLED = new URL('./not-bundled.cjs', import.meta.url).pathname;
const INFRA = new URL('.', import.meta.url).pathname;
const UNDICI_INDEX = /[\\/]node_modules[\\/]undici[\\/]index\.js$/;
const NAMESPACE = 'not-bundled-for-lambda';

function isNeverRun(specifier: string): boolean {
  return UNDICI_NEVER_RUN_ON_LAMBDA.some((each) => specifier === each || specifier.startsWith(`${each}/`));
}

/**
 * Replaces those requires, and only when undici's index.js makes them, with infra/not-bundled.cjs:
 * a module undici reaches from code the functions do run (client-h1 reads lib/web/fetch/body.js for a
 * FormData body) stays in the bundle, real. Whatever is replaced throws "not bundled for Lambda: …"
 * at its first use, so a change that starts to call one fails loudly, in test/functions/lambda-bundle.test.ts
 * or test/infra/undici-on-lambda.test.ts, rather than quietly doing nothing.
 */
export const undiciOnLambda: Plugin = {
  name: 'undici-on-lambda',
  setup(build) {
    build.onResolve({ filter: /^\.\/lib\// }, (args) =>
      UNDICI_INDEX.test(args.importer) && isNeverRun(args.path)
        ? { path: `undici/${args.path.slice('./'.length)}`, namespace: NAMESPACE }
        : undefined,
    );
    build.onLoad({ filter: /./, namespace: NAMESPACE }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(NOT_BUNDLED)})(${JSON.stringify(args.path)});`,
      loader: 'js',
      // Where the stand-in's require of not-bundled.cjs is resolved from (a plugin's namespace has no folder).
      resolveDir: INFRA,
    }));
  },
};
