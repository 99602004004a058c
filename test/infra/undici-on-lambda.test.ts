import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { LAMBDA_BUILD_OPTIONS, lambdaBundleOptions } from '../../infra/lambda-bundle.ts';
import { SERVICE_DIR } from '../support/serverless-cli.ts';

/**
 * infra/undici-on-lambda.ts leaves out the parts of undici's index no function calls. A program built
 * with the Lambda settings still does what the functions do with undici (request() through the global
 * dispatcher and through an Agent), and a left-out export fails at its first use, naming the module,
 * rather than handing back an empty object.
 */
const dir = mkdtempSync(join(tmpdir(), 'odps-undici-on-lambda-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Each probe's outcome: 'ran', or the message it threw.
const PROGRAM = `
const { createServer } = require('node:http');
const undici = require('undici');
const outcome = (use) => { try { use(); return 'ran'; } catch (error) { return error.message; } };
const server = createServer((_request, response) => response.end('pong')).listen(0, '127.0.0.1', async () => {
  const url = 'http://127.0.0.1:' + server.address().port + '/';
  const viaGlobal = await (await undici.request(url)).body.text();
  const agent = new undici.Agent({ keepAliveTimeout: 1000 });
  const viaAgent = await (await undici.request(url, { dispatcher: agent })).body.text();
  await agent.close();
  server.close();
  process.stdout.write(JSON.stringify({
    viaGlobal,
    viaAgent,
    mockAgent: outcome(() => new undici.MockAgent().get(url)),
    fetch: outcome(() => undici.fetch(url)),
    webSocket: outcome(() => new undici.WebSocket(url).send('x')),
    caches: outcome(() => undici.caches.open('x')),
    cacheInterceptor: outcome(() => undici.interceptors.cache()),
    proxyAgent: outcome(() => new undici.ProxyAgent(url).dispatch({}, {})),
  }));
});`;

it('a program bundled with the Lambda settings runs request() and Agent; a left-out export throws when used', async () => {
  const outfile = join(dir, 'program.cjs');
  await build({
    ...LAMBDA_BUILD_OPTIONS,
    stdin: { contents: PROGRAM, resolveDir: SERVICE_DIR, loader: 'js' },
    outfile,
  });
  const { stdout } = await promisify(execFile)(process.execPath, [outfile], { timeout: 30_000 });
  const outcomes = JSON.parse(stdout) as Record<string, string>;
  // Without the plugin each probe would answer 'ran' (or a TypeError from undici's real code).
  const hint = '(left out of the Lambda bundles by infra/undici-on-lambda.ts)';
  assert.deepEqual(outcomes, {
    viaGlobal: 'pong',
    viaAgent: 'pong',
    mockAgent: `not bundled for Lambda: new undici/lib/mock/mock-agent().get ${hint}`,
    fetch: `not bundled for Lambda: undici/lib/web/fetch.fetch() ${hint}`,
    webSocket: `not bundled for Lambda: new undici/lib/web/websocket/websocket.WebSocket().send ${hint}`,
    caches: `not bundled for Lambda: new undici/lib/web/cache/cachestorage.CacheStorage().open ${hint}`,
    cacheInterceptor: `not bundled for Lambda: undici/lib/interceptor/cache() ${hint}`,
    proxyAgent: `not bundled for Lambda: new undici/lib/dispatcher/proxy-agent().dispatch ${hint}`,
  });
});

it("the slack bundle holds none of undici's mock agents, cache, interceptors, WebSocket, EventSource or proxies", async () => {
  const result = await build({
    ...lambdaBundleOptions(join(SERVICE_DIR, 'functions', 'slack.ts'), join(dir, 'slack.cjs')),
    absWorkingDir: SERVICE_DIR,
    metafile: true,
    write: false,
  });
  const inputs = Object.keys(result.metafile.inputs);
  // The real files; their stand-ins (namespace not-bundled-for-lambda) are a line of code each.
  const leftOut =
    /node_modules\/undici\/lib\/(mock\/|cache\/|interceptor\/|web\/(websocket|eventsource|cache|cookies)\/|dispatcher\/[\w-]*proxy-agent)/;
  assert.deepEqual(
    inputs.filter((input) => leftOut.test(input)),
    [],
  );
  // What undici the bundle does carry is real: Agent, the HTTP/1.1 client and request().
  for (const real of ['dispatcher/agent.js', 'dispatcher/client-h1.js', 'api/api-request.js']) {
    assert.ok(
      inputs.some((input) => input.endsWith(`node_modules/undici/lib/${real}`)),
      real,
    );
  }
});
