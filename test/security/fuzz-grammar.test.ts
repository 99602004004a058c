import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseCommand } from '../../src/slack/commands/grammar/index.ts';
import { classifySql } from '../../src/slack/guard/index.ts';
import type { MessageKey } from '../../src/slack/i18n/catalog.ts';
import { SUPPORTED_LOCALES, translator } from '../../src/slack/i18n/catalog.ts';
import { blockKitProblems } from '../../src/slack/messages/limits.ts';
import { notice } from '../../src/slack/messages/notices.ts';
import { anyText, checkShape, commandText, piece, separator } from '../slack/grammar/command-arbitraries.ts';
import { assertInert, HOSTILE_MARKUP } from '../support/inert.ts';
import { FUZZ_RUNS, fuzz } from './fuzz.ts';

/**
 * `/odps <text>` for any text: the parser never throws and answers either a well-formed command or
 * a usage problem; a usage problem rendered as the front door renders it stays inert and within
 * Block Kit's limits; and the read-only classifier never throws on what the parser hands it.
 */
const hostile = fc.constantFrom(...HOSTILE_MARKUP, '&lt;!channel&gt;', '<@U123|mallory>', '<#C123|general>');
const longText = fc
  .array(fc.tuple(fc.oneof(piece, hostile), separator), { maxLength: 400 })
  .map((parts) => parts.map(([part, gap]) => part + gap).join(''));
const text = fc.oneof(anyText, longText, fc.string({ unit: 'binary', maxLength: 3000 }));
const subcommand = fc.constantFrom(
  'run',
  'status',
  'stop',
  'result',
  'logview',
  'list',
  'watch',
  'help',
  'RUN',
  'kill',
);

describe('the command parser on arbitrary text', () => {
  it(`never throws; always a well-formed command or a usage problem (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'parseCommand(any text)',
      fc.property(text, (input) => checkShape(parseCommand(input))),
    );
  });

  it(`after every subcommand, any arguments (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'parseCommand(<subcommand> any)',
      fc.property(subcommand, separator, fc.oneof(commandText, text), (word, gap, rest) => {
        checkShape(parseCommand(`${word}${gap === '' ? ' ' : gap}${rest}`));
      }),
    );
  });

  it(`a usage answer, as the front door words it, is inert and within limits (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'usage answer',
      fc.property(text, fc.constantFrom(...SUPPORTED_LOCALES), (input, locale) => {
        const parsed = parseCommand(input);
        if (parsed.kind !== 'usage') return;
        const tr = translator(locale);
        const detail = tr(`usage.${parsed.problem.code}` as MessageKey, { detail: parsed.problem.detail ?? '' });
        const message = notice(`${tr('usage.prefix', { problem: detail })}\n${tr('usage.hint')}`, ':grey_question:');
        assert.deepEqual(blockKitProblems(message.blocks), []);
        assertInert(message);
      }),
    );
  });

  it(`the read-only classifier never throws on the SQL of a run (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'classifySql(run SQL)',
      fc.property(text, (input) => {
        const parsed = parseCommand(`run ${input}`);
        if (parsed.kind !== 'run') return;
        const verdict = classifySql(parsed.sql);
        assert.equal(typeof verdict.readOnly, 'boolean');
        if (!verdict.readOnly && verdict.statement !== undefined) assert.ok([...verdict.statement].length <= 120);
      }),
    );
  });
});
