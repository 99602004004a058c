import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type SlackStandin, startSlackStandin } from '../../src/slack-standin/index.ts';

/** The page's own files: the icon a browser asks for by itself, and every script and style the page links. */
let standin: SlackStandin;

before(async () => {
  standin = await startSlackStandin();
});

after(async () => {
  await standin.close();
});

test('/favicon.ico is an icon, not a 404', async () => {
  const response = await fetch(`${standin.url}/favicon.ico`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'image/x-icon');
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 4)], [0, 0, 1, 0], 'an ICO header: reserved 0, type 1 (icon)');
  assert.ok(bytes.length < 4096, 'small');
});

test('every stylesheet and script the page links is served, with its type', async () => {
  const html = await (await fetch(`${standin.url}/`)).text();
  const linked = [...html.matchAll(/(?:href|src)="(\/simulator\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '');
  assert.ok(linked.length >= 2);
  const scripts = new Set(linked.filter((path) => path.endsWith('.js')));
  for (const path of scripts) {
    const source = await (await fetch(`${standin.url}${path}`)).text();
    for (const match of source.matchAll(/from '\.\/([\w-]+\.js)'/g)) scripts.add(`/simulator/assets/${match[1]}`);
  }
  for (const path of new Set([...linked, ...scripts])) {
    const response = await fetch(`${standin.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.match(
      response.headers.get('content-type') ?? '',
      path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
    );
  }
});
