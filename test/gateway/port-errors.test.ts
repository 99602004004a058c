import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPortError } from '../../src/gateway/port-errors.ts';
import {
  MaxComputeAbortedError,
  MaxComputeCredentialsError,
  MaxComputeDecodeError,
  MaxComputeInvalidInputError,
  MaxComputeRequestError,
  MaxComputeServiceError,
  MaxComputeSubmitOutcomeUnknownError,
} from '../../src/maxcompute/errors.ts';
import { GatewayError } from '../../src/tracker/gateway-error.ts';

/** The client's errors in the port's terms: what the Slack layer and the tracker read instead. */
describe('client errors as the port reports them', () => {
  const service = (code: string, status: number) =>
    new MaxComputeServiceError({ httpStatus: status, serviceCode: code, serviceMessage: `${code} said so` });

  it('keeps the service’s code, message and retryability, with the client’s error as the cause', () => {
    const original = service('NoSuchObject', 404);
    const mapped = toPortError(original);
    assert.ok(mapped instanceof GatewayError);
    assert.equal(mapped.code, 'service');
    assert.equal(mapped.serviceCode, 'NoSuchObject');
    assert.equal(mapped.serviceMessage, 'NoSuchObject said so');
    assert.equal(mapped.retryable, false);
    assert.equal(mapped.cause, original);
    assert.equal((toPortError(service('ServiceUnavailable', 503)) as GatewayError).retryable, true);
  });

  it('maps each kind', () => {
    const cases: [unknown, string, boolean][] = [
      [new MaxComputeSubmitOutcomeUnknownError('guid', new Error('hang up')), 'submit_outcome_unknown', false],
      [new MaxComputeInvalidInputError('instanceId', 'bad id'), 'invalid_input', false],
      [new MaxComputeRequestError('reset', { connected: true, retryable: false }), 'unavailable', false],
      [new MaxComputeRequestError('refused', { connected: false }), 'unavailable', true],
      [new MaxComputeDecodeError('taskstatus', 'truncated'), 'unavailable', true],
      [new MaxComputeAbortedError(new Error('budget')), 'internal', false],
    ];
    for (const [error, code, retryable] of cases) {
      const mapped = toPortError(error) as GatewayError;
      assert.equal(mapped.code, code, String(error));
      assert.equal(mapped.retryable, retryable, String(error));
    }
  });

  it('keeps STS’s code and words when the person’s credentials could not be had', () => {
    const refused = Object.assign(new Error('You are not authorized to assume this role'), {
      code: 'NoPermission',
      retryable: false,
    });
    const mapped = toPortError(new MaxComputeCredentialsError(refused)) as GatewayError;
    assert.equal(mapped.code, 'identity_unavailable');
    assert.equal(mapped.serviceCode, 'NoPermission');
    assert.equal(mapped.serviceMessage, 'You are not authorized to assume this role');
    assert.equal(mapped.retryable, false);
    const throttled = Object.assign(new Error('busy'), { code: 'Throttling.User', retryable: true });
    assert.equal((toPortError(new MaxComputeCredentialsError(throttled)) as GatewayError).retryable, true);
    const odd = toPortError(new MaxComputeCredentialsError('no network')) as GatewayError;
    assert.equal(odd.serviceCode, undefined);
    assert.equal(odd.serviceMessage, 'no network');
  });

  it('lets errors that are not the client’s through unchanged', () => {
    const bug = new TypeError('x is undefined');
    assert.equal(toPortError(bug), bug);
  });
});
