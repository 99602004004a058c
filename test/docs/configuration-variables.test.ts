import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';

/**
 * Every variable the one configuration reads is named where a user looks for settings: the README or
 * docs/deploy.md. The names are the ones loadConfig asks for, on AWS and locally, so a new setting
 * cannot be left undocumented.
 */
const ROOT = new URL('../../', import.meta.url);
const DOCS = ['README.md', 'docs/deploy.md'].map((path) => readFileSync(new URL(path, ROOT), 'utf8')).join('\n');

function variablesRead(): string[] {
  const names = new Set<string>();
  const env = new Proxy(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') names.add(name);
        return undefined;
      },
    },
  );
  for (const target of ['aws', 'local'] as const) {
    try {
      loadConfig(env, target);
    } catch {
      // An empty environment is refused on AWS; the names it asked for are what counts.
    }
  }
  return [...names].sort();
}

describe('the configuration’s variables', () => {
  const names = variablesRead();

  it('are found (this test would pass vacuously otherwise)', () => {
    assert.ok(names.length > 50, names.join(', '));
    assert.ok(names.includes('ODPS_IDENTITY_MODE'));
  });

  it('are each named in the README or docs/deploy.md', () => {
    assert.deepEqual(
      names.filter((name) => !DOCS.includes(`\`${name}\``)),
      [],
    );
  });
});
