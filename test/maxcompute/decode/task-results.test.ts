import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSyncCreateBody, decodeTaskResults } from '../../../src/maxcompute/decode/task-results.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';
import { exchanges, instanceResponses, spec, stepResult } from './fixtures.ts';

const oneTask = (inner: string, attrs = ' Type="SQL"') =>
  `<Instance><Tasks><Task${attrs}><Name>t</Name>${inner}</Task></Tasks></Instance>`;

const CSV = '"id","name"\n1,"alice"\n2,"bob, jr."\n3,\\N\n';

describe('decodeTaskResults', () => {
  it('decodes the spec example, keeping the CDATA text verbatim', () => {
    assert.deepEqual(decodeTaskResults(spec.result), [
      { name: 'AnonymousSQLTask', type: 'SQL', format: 'csv', text: CSV, status: 'SUCCESS' },
    ]);
  });

  it('gives the same text PyODPS returned for every captured ?result', () => {
    assert.deepEqual(
      Object.fromEntries(
        decodeTaskResults(exchanges.find((e) => e.step === 'get_task_results')?.body ?? '').map((r) => [
          r.name,
          r.text,
        ]),
      ),
      stepResult('get_task_results'),
    );
    const captured = instanceResponses('result');
    assert.ok(captured.length >= 3);
    for (const e of captured) {
      const [result, ...rest] = decodeTaskResults(e.body);
      assert.equal(rest.length, 0);
      assert.ok(result);
      if (result.status === 'FAILED') {
        assert.deepEqual(
          [result.format, result.text],
          ['text', "ODPS-0130161:[1,8] Parse exception - invalid token 'fail'\n"],
        );
      } else {
        assert.deepEqual([result.format, result.text, result.status], ['csv', CSV, 'SUCCESS']);
      }
    }
  });

  it('decodes Transform="Base64" as UTF-8', () => {
    const text = 'héllo, 世界 ]]> \n';
    const b64 = Buffer.from(text, 'utf8').toString('base64');
    const [result] = decodeTaskResults(oneTask(`<Result Format="text" Transform="Base64">${b64}</Result>`));
    assert.equal(result?.text, text);
    const [wrapped] = decodeTaskResults(
      oneTask(`<Result Transform="Base64">\n${b64.slice(0, 8)}\n${b64.slice(8)}\n</Result>`),
    );
    assert.equal(wrapped?.text, text);
  });

  it('refuses Base64 text that is not base64 or not UTF-8', () => {
    for (const bad of ['not base64!', 'abc', Buffer.from([0xff, 0xfe]).toString('base64')]) {
      assert.throws(
        () => decodeTaskResults(oneTask(`<Result Transform="Base64">${bad}</Result>`)),
        (e: unknown) => e instanceof MaxComputeDecodeError && !e.retryable,
        bad,
      );
    }
  });

  it('defaults Format to text, and Status and Result are optional', () => {
    assert.deepEqual(decodeTaskResults(oneTask('<Result>done</Result>', '')), [
      { name: 't', type: '', format: 'text', text: 'done' },
    ]);
    assert.deepEqual(decodeTaskResults(oneTask('')), [{ name: 't', type: 'SQL', format: 'text', text: '' }]);
  });

  it('parses a ResultDescriptor object and ignores one that is not', () => {
    const descriptor =
      '{"IsSelect":true,"SelectResultStatus":"TRUNCATED","Schema":{"Columns":[{"Name":"id","Type":"bigint"}]}}';
    const [parsed] = decodeTaskResults(
      oneTask(`<Result/><ResultDescriptor><![CDATA[${descriptor}]]></ResultDescriptor>`),
    );
    assert.deepEqual(parsed?.descriptor, JSON.parse(descriptor));
    for (const junk of ['{not json', '[1,2]', '"text"', 'null']) {
      const [ignored] = decodeTaskResults(oneTask(`<Result/><ResultDescriptor>${junk}</ResultDescriptor>`));
      assert.equal(ignored?.descriptor, undefined, junk);
    }
  });

  it('keeps several tasks in document order; a missing <Tasks> is no results', () => {
    const body =
      '<Instance><Tasks><Task Type="SQL"><Name>b</Name><Result>1</Result></Task>' +
      '<Task Type="SQL"><Name>a</Name><Result>2</Result></Task></Tasks></Instance>';
    assert.deepEqual(
      decodeTaskResults(body).map((r) => r.name),
      ['b', 'a'],
    );
    assert.deepEqual(decodeTaskResults('<Instance/>'), []);
  });

  it('reads a CDATA split around ]]> back whole', () => {
    const [result] = decodeTaskResults(oneTask('<Result><![CDATA[a]]]]><![CDATA[>b]]></Result>'));
    assert.equal(result?.text, 'a]]>b');
  });

  it('refuses an unknown per-task status', () => {
    assert.throws(() => decodeTaskResults(oneTask('<Result/><Status>Bogus</Status>')), /unknown task status/);
  });
});

describe('decodeSyncCreateBody', () => {
  it('reads the usual empty 201 body as no results', () => {
    assert.deepEqual(decodeSyncCreateBody(''), []);
    assert.deepEqual(decodeSyncCreateBody(' \n'), []);
  });

  it('reads a sync instance body as task results', () => {
    assert.equal(decodeSyncCreateBody(spec.result)[0]?.text, CSV);
    assert.throws(() => decodeSyncCreateBody('<Instance>'), /Cannot decode create response/);
  });
});
