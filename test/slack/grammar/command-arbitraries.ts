import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSlackGroupId, isSlackUserId } from '../../../src/identity/identity-input.ts';
import { isValidInstanceId } from '../../../src/maxcompute/identifiers.ts';
import { parseRoleArn } from '../../../src/shared/role-arn.ts';
import type { ParsedCommand } from '../../../src/slack/commands/grammar/index.ts';

/**
 * Generators and the shape check for `parseCommand`, shared by the property tests here and the
 * 10,000-run fuzzing in test/security/fuzz-grammar.test.ts.
 */

export const ID = '20160519101349613gzbzufck2';
const KINDS = new Set([
  'run',
  'status',
  'stop',
  'result',
  'logview',
  'list',
  'watch',
  'admin',
  'whoami',
  'help',
  'usage',
]);
const PROJECT = /^[A-Za-z0-9_]{1,128}$/;

/** Pieces a user (or Slack) could put into the text, so random inputs reach every branch. */
export const piece = fc.oneof(
  fc.constantFrom('run', 'RUN', 'status', 'show', 'inspect', 'stop', 'kill', 'cancel', 'result', 'logview'),
  fc.constantFrom('list', 'watch', 'help', '?', 'running', 'mine', 'all', 'select', 'with', 'from', 'drop'),
  fc.constantFrom('admin', 'map', 'unmap', 'mappings', 'whoami', 'U0ADA', 'S0LEADS', 'USERS', '<!subteam^S0LEADS|@l>'),
  fc.constantFrom('acs:ram::1234567890123456:role/analyst', 'acs:ram::1:ROLE/x', 'acs:ram::1:user/x', '<@W0GRID>'),
  fc.constantFrom('-p', '--project', '--limit', '--hint', '--mention', '--csv', '--since', '-h', '--help', '--', '—'),
  fc.constantFrom('--limit=5', '--since=2h', '-p=x', '10000', '0', '2h', '1h30m', '8d', 'k=v', 'odps.a=1', 'k='),
  fc.constantFrom(
    ID,
    `\`${ID}\``,
    `"${ID}"`,
    'short',
    `https://lv/x?p=pr&amp;i=${ID}`,
    `<https://lv/x?p=pr&amp;i=${ID}|lv>`,
  ),
  fc.constantFrom(
    '```',
    '```sql',
    '`',
    '"',
    '“',
    '”',
    '„',
    '<',
    '>',
    '|',
    '<@U1|a>',
    '<!here>',
    '&amp;',
    '&lt;',
    '&gt;',
  ),
  fc.constantFrom('\u00a0', '\u200b', '\ufeff', '\u3000', '\n', '\t', '\r\n', '数据', '😀', 'ѕеlect', 'ＳＥＬＥＣＴ'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
export const separator = fc.constantFrom(' ', '  ', '\n', '\u00a0', '', '\t');
export const commandText = fc
  .array(fc.tuple(piece, separator), { maxLength: 12 })
  .map((parts) => parts.map(([part, gap]) => part + gap).join(''));
export const anyText = fc.oneof(
  commandText,
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ maxLength: 200 }),
);

export function checkShape(parsed: ParsedCommand): void {
  assert.ok(KINDS.has(parsed.kind));
  switch (parsed.kind) {
    case 'run':
      assert.ok(!parsed.sql.startsWith('```') && !parsed.sql.endsWith('```'), parsed.sql);
      assert.equal(parsed.sql, parsed.sql.trim());
      if (parsed.project !== undefined) assert.match(parsed.project, PROJECT);
      if (parsed.limit !== undefined)
        assert.ok(Number.isInteger(parsed.limit) && parsed.limit >= 1 && parsed.limit <= 10000);
      for (const value of Object.values(parsed.hints)) assert.ok(value.length >= 1 && value.length <= 1000);
      break;
    case 'status':
    case 'stop':
    case 'result':
    case 'logview':
    case 'watch':
      assert.ok(isValidInstanceId(parsed.ref.instanceId), parsed.ref.instanceId);
      assert.equal(parsed.ref.instanceId, parsed.ref.instanceId.trim());
      if (parsed.ref.project !== undefined) assert.match(parsed.ref.project, PROJECT);
      break;
    case 'list':
      if (parsed.sinceMs !== undefined) assert.ok(parsed.sinceMs > 0 && parsed.sinceMs <= 7 * 86_400_000);
      if (parsed.project !== undefined) assert.match(parsed.project, PROJECT);
      break;
    case 'admin':
      if (parsed.action.verb !== 'mappings') {
        const { subject } = parsed.action;
        assert.ok(subject.kind === 'user' ? isSlackUserId(subject.userId) : isSlackGroupId(subject.groupId));
      }
      if (parsed.action.verb === 'map') assert.equal(parseRoleArn(parsed.action.roleArn)?.arn, parsed.action.roleArn);
      break;
    case 'usage':
      if (parsed.problem.detail !== undefined) assert.ok(Array.from(parsed.problem.detail).length <= 60);
      break;
    case 'help':
      if (parsed.topic !== undefined) assert.ok(Array.from(parsed.topic).length <= 60);
      break;
  }
}
