import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseCommand } from '../../../src/slack/commands/grammar/index.ts';
import { anyText, checkShape, commandText } from './command-arbitraries.ts';

describe('parseCommand properties', () => {
  it('answers every string with a well-formed command and never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        checkShape(parseCommand(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('never leaves a fence at either end of run SQL, whatever follows run', () => {
    fc.assert(
      fc.property(commandText, (rest) => {
        checkShape(parseCommand(`run ${rest}`));
        checkShape(parseCommand(`run\`\`\`${rest}\`\`\``));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives back the SQL a user typed, after Slack escaped it and code fences wrapped it', () => {
    const sqlChar = fc.constantFrom(...'abcSELECT *=<>&;\'"`()\n\t 1.,-_数😀'.split(''), '&amp;', '&lt;');
    const sql = fc
      .array(sqlChar, { minLength: 1, maxLength: 60 })
      .map((chars) => chars.join('').trim())
      .filter((text) => /^[A-Za-z(]/.test(text) && !text.endsWith('`'));
    const slackEscape = (text: string): string =>
      text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    fc.assert(
      fc.property(sql, fc.constantFrom('', '```', '```sql\n', '`'), (typed, fence) => {
        const closing = fence === '' ? '' : fence === '`' ? '`' : '```';
        const parsed = parseCommand(`run ${fence}${slackEscape(typed)}${closing}`);
        assert.deepEqual(parsed, { kind: 'run', sql: typed, hints: {}, mention: false });
      }),
      { numRuns: 2000 },
    );
  });
});
