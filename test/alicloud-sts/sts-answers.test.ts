import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRetryableRefusal } from '../../src/alicloud-sts/errors.ts';
import { noRetryPolicy } from '../../src/shared/retry-policy.ts';
import { success } from './support/scripted-sts.ts';
import { ROLE, rejectsWith, stsClient, useScriptedSts } from './support/sts-fixture.ts';

/** Answers that are not what STS sends: each becomes a typed error with the status, never a crash. */
const server = useScriptedSts();
const once = () => stsClient(server.current.endpoint, { retryPolicy: noRetryPolicy }).client;

describe('reading STS answers', () => {
  it('a 200 whose body is not JSON is malformed_response, retryable, and a retry can succeed', async () => {
    server.current.script({ status: 200, body: '{"RequestId": "cut-off', raw: true });
    await assert.rejects(
      once().assumeRole(ROLE),
      rejectsWith('malformed_response', (error) => {
        assert.equal(error.status, 200);
        assert.equal(error.retryable, true);
      }),
    );
    server.current.script({ status: 200, body: 'not json', raw: true }, success());
    const role = await stsClient(server.current.endpoint).client.assumeRole(ROLE);
    assert.equal(role.accessKeyId, 'STS.L4aBSCSJVMuKg5U1temp');
    assert.equal(server.current.requests.length, 3);
  });

  it("a proxy's HTML 502 is malformed_response with status 502, retryable", async () => {
    server.current.script({ status: 502, body: '<html><body>Bad Gateway</body></html>', raw: true });
    await assert.rejects(
      once().assumeRole(ROLE),
      rejectsWith('malformed_response', (error) => {
        assert.equal(error.status, 502);
        assert.equal(error.retryable, true);
      }),
    );
  });

  it('a 4xx without an STS error body is malformed_response, not retried', async () => {
    server.current.script({ status: 400, body: { unexpected: true } });
    await assert.rejects(
      stsClient(server.current.endpoint).client.assumeRole(ROLE),
      rejectsWith('malformed_response', (error) => {
        assert.equal(error.status, 400);
        assert.equal(error.retryable, false);
      }),
    );
    assert.equal(server.current.requests.length, 1);
  });

  const INCOMPLETE: readonly (readonly [string, Record<string, unknown>])[] = [
    ['no SecurityToken', { AccessKeyId: 'STS.a', AccessKeySecret: 's', Expiration: '2024-03-15T09:30:00Z' }],
    [
      'an Expiration without a zone',
      { AccessKeyId: 'STS.a', AccessKeySecret: 's', SecurityToken: 't', Expiration: '2024-03-15 09:30:00' },
    ],
    [
      'an Expiration that is no date',
      { AccessKeyId: 'STS.a', AccessKeySecret: 's', SecurityToken: 't', Expiration: 'soon' },
    ],
    [
      'a number for AccessKeyId',
      { AccessKeyId: 7, AccessKeySecret: 's', SecurityToken: 't', Expiration: '2024-03-15T09:30:00Z' },
    ],
  ];
  for (const [what, credentials] of INCOMPLETE) {
    it(`credentials with ${what} are malformed_response`, async () => {
      server.current.script(success({ Credentials: credentials }));
      await assert.rejects(
        once().assumeRole(ROLE),
        rejectsWith('malformed_response', (error) =>
          assert.equal(error.requestId, '6894B13B-6D71-4EF5-88FA-F32781734A7F'),
        ),
      );
    });
  }

  it('a 200 carrying an STS error body is read as that refusal', async () => {
    server.current.script({
      status: 200,
      body: { RequestId: 'REQ-7', Code: 'NoPermission', Message: 'You are not authorized to assume this role.' },
    });
    await assert.rejects(
      once().assumeRole(ROLE),
      rejectsWith('NoPermission', (error) => assert.equal(error.status, 200)),
    );
  });

  it('an answer without AssumedRoleUser still gives the credentials', async () => {
    server.current.script(success({ AssumedRoleUser: undefined }));
    const role = await once().assumeRole(ROLE);
    assert.equal(role.arn, undefined);
    assert.equal(role.securityToken, 'CAIS8gF1q6Ft5B2yfSjIr5bSEtemptoken+/=');
  });
});

describe('which refusals are retried', () => {
  const CASES: readonly (readonly [string, number, boolean])[] = [
    ['Throttling', 400, true],
    ['Throttling.User', 400, true],
    ['Throttling.Api', 400, true],
    ['ServiceUnavailable', 503, true],
    ['InternalError', 500, true],
    ['SomethingNew', 502, true],
    ['SomethingNew', 429, true],
    ['SomethingNew', 400, false],
    ['NoPermission', 403, false],
    ['EntityNotExist.Role', 404, false],
    ['InvalidParameter.DurationSeconds', 400, false],
    ['SignatureDoesNotMatch', 400, false],
    ['SignatureNonceUsed', 400, false],
    ['InvalidAccessKeyId.NotFound', 404, false],
    ['InvalidSecurityToken.Expired', 400, false],
    ['MissingSecurityToken', 400, false],
    ['InvalidTimeStamp.Expired', 400, false],
    // A refusal of the request stays a refusal even if STS labels it 5xx.
    ['InvalidParameter.RoleArn', 500, false],
  ];
  for (const [code, status, retryable] of CASES) {
    it(`${code} with HTTP ${status}: ${retryable ? 'retried' : 'not retried'}`, () => {
      assert.equal(isRetryableRefusal(code, status), retryable);
    });
  }
});
