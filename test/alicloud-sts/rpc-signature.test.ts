import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signAssumeRole } from '../../src/alicloud-sts/assume-role-request.ts';
import {
  canonicalizedQuery,
  percentEncode,
  rpcSignature,
  rpcTimestamp,
  stringToSign,
} from '../../src/alicloud-sts/rpc-signature.ts';

/**
 * Alibaba Cloud's published example for RPC signatures (signature version 1.0): ECS DescribeRegions
 * with AccessKey `testid` / `testsecret`, from "Signature mechanism"
 * (https://help.aliyun.com/en/document_detail/130769.html, which shows the resulting
 * `Signature=CT9X0VtwR86fNWSnsc6v8YGOjuE%3D`) and the worked example at
 * https://developer.aliyun.com/ask/210168. That page prints the string to sign with its inner `%26`
 * rendered as `&`; the published signature is the HMAC of the `%26` form, which is what is asserted.
 */
const PUBLISHED = {
  params: {
    TimeStamp: '2016-02-23T12:46:24Z',
    Format: 'XML',
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    Version: '2014-05-26',
    SignatureVersion: '1.0',
  },
  stringToSign:
    'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
    '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
    '%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
  signature: 'CT9X0VtwR86fNWSnsc6v8YGOjuE=',
};

/**
 * A second vector, derived by hand from the documented rules for an AssumeRole POST whose values need
 * every encoding rule (space, `*`, `~`, `/`, `+`, `=`, a UTF-8 letter); the HMAC was computed outside
 * this code: `printf '%s' "$STRING_TO_SIGN" | openssl dgst -sha1 -hmac 'bot-secret-0123456789&' -binary | base64`.
 */
const POLICY =
  '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "odps:*", "Resource": "acs:odps:*:projects/café~1"}]}';
const ENCODED_POLICY =
  '%7B%22Version%22%3A%20%221%22%2C%20%22Statement%22%3A%20%5B%7B%22Effect%22%3A%20%22Allow%22%2C%20' +
  '%22Action%22%3A%20%22odps%3A%2A%22%2C%20%22Resource%22%3A%20%22acs%3Aodps%3A%2A%3Aprojects%2Fcaf%C3%A9~1%22%7D%5D%7D';
const BY_HAND = {
  secret: 'bot-secret-0123456789',
  params: {
    Version: '2015-04-01',
    Action: 'AssumeRole',
    Format: 'JSON',
    AccessKeyId: 'LTAI5tEXAMPLEbot',
    SecurityToken: 'CAIS+tok/en==',
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: '0f1e2d3c-nonce',
    Timestamp: '2024-03-15T08:30:00Z',
    RoleArn: 'acs:ram::1234567890123456:role/analyst',
    RoleSessionName: 'slack.U0ADA',
    DurationSeconds: '3600',
    Policy: POLICY,
  },
  canonical:
    'AccessKeyId=LTAI5tEXAMPLEbot&Action=AssumeRole&DurationSeconds=3600&Format=JSON' +
    `&Policy=${ENCODED_POLICY}&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fanalyst` +
    '&RoleSessionName=slack.U0ADA&SecurityToken=CAIS%2Btok%2Fen%3D%3D&SignatureMethod=HMAC-SHA1' +
    '&SignatureNonce=0f1e2d3c-nonce&SignatureVersion=1.0&Timestamp=2024-03-15T08%3A30%3A00Z&Version=2015-04-01',
  signature: 'ZdITXKGavGBnfRREjAH0EQJretw=',
};

describe('RPC signature (v1.0, HMAC-SHA1)', () => {
  it("reproduces Alibaba Cloud's published DescribeRegions example", () => {
    assert.equal(stringToSign('GET', PUBLISHED.params), PUBLISHED.stringToSign);
    assert.equal(rpcSignature('GET', PUBLISHED.params, 'testsecret'), PUBLISHED.signature);
  });

  it('reproduces the vector derived by hand: canonical query, string to sign, signature', () => {
    assert.equal(canonicalizedQuery(BY_HAND.params), BY_HAND.canonical);
    const expected = `POST&%2F&${BY_HAND.canonical.replaceAll('%', '%25').replaceAll('&', '%26').replaceAll('=', '%3D')}`;
    assert.equal(stringToSign('POST', BY_HAND.params), expected);
    assert.equal(rpcSignature('POST', BY_HAND.params, BY_HAND.secret), BY_HAND.signature);
  });

  it('signs an AssumeRole request exactly as the hand-derived vector', () => {
    const signed = signAssumeRole(
      {
        roleArn: BY_HAND.params.RoleArn,
        roleSessionName: BY_HAND.params.RoleSessionName,
        durationSeconds: 3600,
        policy: POLICY,
      },
      { accessKeyId: 'LTAI5tEXAMPLEbot', accessKeySecret: BY_HAND.secret, securityToken: 'CAIS+tok/en==' },
      { now: Date.UTC(2024, 2, 15, 8, 30, 0, 999), nonce: '0f1e2d3c-nonce' },
    );
    assert.deepEqual(signed.signedParams, BY_HAND.params);
    const query = new URLSearchParams(signed.query);
    assert.equal(query.get('Signature'), BY_HAND.signature);
    assert.equal(query.get('SecurityToken'), 'CAIS+tok/en==');
    assert.equal(query.get('RoleArn'), null, 'operation parameters travel in the body');
    const form = new URLSearchParams(signed.body);
    assert.deepEqual(Object.fromEntries(form), {
      RoleArn: BY_HAND.params.RoleArn,
      RoleSessionName: 'slack.U0ADA',
      DurationSeconds: '3600',
      Policy: POLICY,
    });
  });

  it('leaves out SecurityToken when the caller has none, and the signature changes with every parameter', () => {
    const input = { roleArn: 'acs:ram::1:role/r', roleSessionName: 'alice' };
    const moment = { now: 0, nonce: 'n' };
    const plain = signAssumeRole(input, { accessKeyId: 'id', accessKeySecret: 'secret' }, moment);
    assert.equal(plain.signedParams.SecurityToken, undefined);
    const other = signAssumeRole(input, { accessKeyId: 'id', accessKeySecret: 'secret' }, { ...moment, nonce: 'm' });
    assert.notEqual(
      new URLSearchParams(plain.query).get('Signature'),
      new URLSearchParams(other.query).get('Signature'),
    );
  });

  it('encodes as RFC 3986 wants, not as a form would', () => {
    assert.equal(percentEncode("a b*c~d+e/f!g'h(i)j"), 'a%20b%2Ac~d%2Be%2Ff%21g%27h%28i%29j');
    assert.equal(percentEncode('é中'), '%C3%A9%E4%B8%AD');
    assert.equal(percentEncode('AZaz09-_.~'), 'AZaz09-_.~');
  });

  it('writes the timestamp in UTC to the second', () => {
    assert.equal(rpcTimestamp(Date.UTC(2016, 1, 23, 12, 46, 24, 512)), '2016-02-23T12:46:24Z');
  });
});
