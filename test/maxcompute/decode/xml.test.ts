import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHttpDate } from '../../../src/maxcompute/decode/http-date.ts';
import { child, children, optionalText, parseXml, textOf } from '../../../src/maxcompute/decode/xml.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';

function decodeError(fn: () => unknown, pattern?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof MaxComputeDecodeError, `expected MaxComputeDecodeError, got ${String(err)}`);
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}

describe('parseXml', () => {
  it('keeps numeric-looking text as strings', () => {
    const root = parseXml('t', '<R><Id>2016042605520945</Id><N>007</N></R>', 'R');
    assert.equal(optionalText(root, 'Id'), '2016042605520945');
    assert.equal(optionalText(root, 'N'), '007');
  });

  it('joins a CDATA section split around ]]>', () => {
    const root = parseXml('t', "<R><Q><![CDATA[SELECT ']]]]><![CDATA[>' AS x;]]></Q></R>", 'R');
    assert.equal(optionalText(root, 'Q'), "SELECT ']]>' AS x;");
  });

  it('keeps CDATA verbatim but trims plain text', () => {
    const root = parseXml('t', '<R><C><![CDATA[  a\nb\n]]></C><P>  padded  </P></R>', 'R');
    assert.equal(optionalText(root, 'C'), '  a\nb\n');
    assert.equal(optionalText(root, 'P'), 'padded');
  });

  it('decodes XML entities and character references once', () => {
    const root = parseXml('t', '<R a="&lt;&#65;"><T>&lt;&gt;&amp;&quot;&apos; &#x4E2D; &amp;#65;</T></R>', 'R');
    assert.equal(optionalText(root, 'T'), '<>&"\' 中 &#65;');
    assert.equal((root as Record<string, unknown>)['@_a'], '<A');
  });

  it('refuses a DOCTYPE, so no entity expansion can happen', () => {
    decodeError(() => parseXml('t', '<!DOCTYPE R [<!ENTITY a "aaaaaaaaaa">]><R><T>&a;&a;</T></R>', 'R'), /DOCTYPE/);
  });

  it('refuses truncated, empty, non-XML and wrong-root bodies', () => {
    decodeError(() => parseXml('t', '<R><T>x</T>', 'R'), /malformed XML/);
    decodeError(() => parseXml('t', '', 'R'), /malformed XML/);
    decodeError(() => parseXml('t', 'not xml', 'R'), /malformed XML/);
    decodeError(() => parseXml('t', '<Other/>', 'R'), /expected one root <R>, got <Other>/);
    decodeError(() => parseXml('t', '<R/><R/>', 'R'), /got several/);
    decodeError(() => parseXml('t', '<R/><S/>', 'R'), /expected one root/);
  });

  it('names the decoded thing and line in the message', () => {
    decodeError(() => parseXml('taskstatus', '<R>\n<T></R>', 'R'), /^Cannot decode taskstatus: malformed XML \(line 2/);
  });

  it('turns a prototype-polluting tag into a decode error', () => {
    decodeError(() => parseXml('t', '<R><__proto__>x</__proto__></R>', 'R'));
  });
});

describe('element helpers', () => {
  const root = parseXml('t', '<R><I>1</I><I a="x">2</I><M>a<X/>b</M><E/></R>', 'R');

  it('normalises one or many children to an array', () => {
    assert.deepEqual(children(root, 'I').map(textOf), ['1', '2']);
    assert.deepEqual(children(root, 'Missing'), []);
    assert.equal(textOf(child(root, 'I')), '1');
  });

  it('reads direct text of mixed content and empty elements', () => {
    assert.equal(optionalText(root, 'M'), 'ab');
    assert.equal(optionalText(root, 'E'), undefined);
    assert.equal(textOf(undefined), '');
  });
});

describe('parseHttpDate', () => {
  it('parses RFC 1123', () => {
    assert.equal(parseHttpDate('Fri, 15 Mar 2024 08:30:01 GMT')?.toISOString(), '2024-03-15T08:30:01.000Z');
    assert.equal(parseHttpDate(' 5 nov 2015 03:07:20 GMT ')?.toISOString(), '2015-11-05T03:07:20.000Z');
  });

  it('gives undefined for anything invalid rather than an Invalid Date', () => {
    for (const bad of [undefined, '', 'yesterday', 'Fri, 31 Feb 2024 08:30:01 GMT', 'Fri, 15 Foo 2024 08:30:01 GMT']) {
      assert.equal(parseHttpDate(bad), undefined, String(bad));
    }
    assert.equal(parseHttpDate('Fri, 15 Mar 2024 25:30:01 GMT'), undefined);
  });
});
