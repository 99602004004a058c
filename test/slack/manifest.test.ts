import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';

/** The manifest declares exactly what the code uses: one command, interactivity, the minimal scopes. */
it('the Slack app manifest has /odps, interactivity and the minimal bot scopes', () => {
  const text = readFileSync(new URL('../../infra/slack-app-manifest.yml', import.meta.url), 'utf8');
  const scopes = [...text.matchAll(/^\s+- ([a-z:.]+)\s*$/gm)].map((match) => match[1]).sort();
  assert.deepEqual(scopes, [
    'channels:history',
    'chat:write',
    'chat:write.public',
    'commands',
    'files:write',
    'groups:history',
    'usergroups:read',
    'users:read',
  ]);
  assert.match(text, /command: \/odps/);
  assert.match(text, /interactivity:\n\s+is_enabled: true/);
  assert.equal((text.match(/^\s+(url|request_url): https:\/\/\S+\/slack\/events$/gm) ?? []).length, 2);
});
