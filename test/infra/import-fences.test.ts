import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * The boundaries the README claims, enforced by Biome's noRestrictedImports (biome.json): each probe
 * is a file at that path in a scratch copy of the layout, linted with the project's own biome.json
 * (only version control turned off, as the scratch folder is no repository). A violation must fail
 * with the fence's message; an allowed import must pass.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const BIOME = join(ROOT, 'node_modules/.bin/biome');

function lint(path: string, source: string): { ok: boolean; output: string } {
  const scratch = mkdtempSync(join(tmpdir(), 'fences-'));
  try {
    const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(scratch, 'biome.json'), JSON.stringify({ ...config, vcs: { enabled: false } }));
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), `${source}\nexport const probe = value;\n`);
    const result = spawnSync(BIOME, ['lint', '--max-diagnostics=50', path], { cwd: scratch, encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const VIOLATIONS: readonly (readonly [string, string, RegExp])[] = [
  ['src/tracker/probe.ts', "import { value } from '../maxcompute/client.ts';", /tracker core defines its ports/],
  ['src/tracker/probe.ts', "import { value } from '../slack/audit.ts';", /tracker core defines its ports/],
  ['src/tracker/probe.ts', "import { value } from '@aws-sdk/client-dynamodb';", /imports no SDK/],
  ['src/tracker/probe.ts', "import { value } from '@slack/web-api';", /imports no SDK/],
  ['src/maxcompute/probe.ts', "import { value } from '../tracker/ports.ts';", /standalone library/],
  ['src/maxcompute/probe.ts', "import { value } from '../store/dynamodb-table.ts';", /standalone library/],
  ['src/slack/commands/probe.ts', "import { value } from '../../maxcompute/errors.ts';", /through the tracker's ports/],
  ['functions/probe.ts', "import { value } from '../src/slack/audit.ts';", /Entry points are thin/],
  ['src/shared/probe.ts', "import { value } from '../slack/audit.ts';", /pure code both sides use/],
  ['src/emulator/probe.ts', "import { value } from '../shared/maxcompute-names.ts';", /must not share code/],
  ['src/emulator/probe.ts', "import { value } from '../identity/session-name.ts';", /must not share code/],
  ['src/identity/probe.ts', "import { value } from '@aws-sdk/lib-dynamodb';", /identity core imports no SDK/],
  ['src/identity/probe.ts', "import { value } from '@slack/web-api';", /identity core imports no SDK/],
  ['src/identity/probe.ts', "import { value } from '../store/store-errors.ts';", /identity core defines its port/],
  ['src/identity/probe.ts', "import { value } from '../config/identity-config.ts';", /identity core defines its port/],
  ['src/alicloud-sts/probe.ts', "import { value } from '../slack/audit.ts';", /STS client is a standalone/],
  ['src/alicloud-sts/probe.ts', "import { value } from '../tracker/ports.ts';", /STS client is a standalone/],
  ['src/alicloud-sts/probe.ts', "import { value } from '../runtime/parts.ts';", /STS client is a standalone/],
  ['src/alicloud-sts/probe.ts', "import { value } from '../emulator/sts/server.ts';", /STS client is a standalone/],
  ['src/alicloud-sts/probe.ts', "import { value } from '../store/dynamodb-table.ts';", /STS client is a standalone/],
];

const ALLOWED: readonly (readonly [string, string])[] = [
  ['src/tracker/probe.ts', "import { value } from './ports.ts';"],
  ['src/maxcompute/probe.ts', "import { value } from '../shared/maxcompute-names.ts';"],
  ['src/alicloud-sts/probe.ts', "import { value } from '../shared/retry.ts';"],
  ['src/alicloud-sts/probe.ts', "import { value } from '../observability/logger.ts';"],
  ['src/slack/commands/probe.ts', "import { value } from '../../tracker/gateway-error.ts';"],
  ['src/identity/probe.ts', "import { value } from '../shared/role-arn.ts';"],
  ['src/slack/commands/probe.ts', "import { value } from '../../identity/resolve-identity.ts';"],
  ['functions/probe.ts', "import { value } from '../src/runtime/aws.ts';"],
];

describe('import fences', () => {
  for (const [path, source, message] of VIOLATIONS) {
    it(`refuses ${source} in ${path}`, () => {
      const { ok, output } = lint(path, source);
      assert.equal(ok, false, output);
      assert.match(output, message);
    });
  }
  for (const [path, source] of ALLOWED) {
    it(`allows ${source} in ${path}`, () => {
      const { ok, output } = lint(path, source);
      assert.equal(ok, true, output);
    });
  }
});
