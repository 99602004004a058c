/**
 * How the MaxCompute port fails, in the product's terms; the adapter maps the client's errors onto
 * these, so nothing above the port knows the client's classes.
 * - `service`: MaxCompute answered with an error (its code and message kept, e.g. `NoSuchObject`);
 * - `unavailable`: no usable answer (network, timeout, 5xx, an unreadable body); try again later;
 * - `invalid_input`: refused before any request (an id or name MaxCompute could not have made);
 * - `submit_outcome_unknown`: a submission whose fate is unknown; only the same Guid may retry it;
 * - `not_estimable`: MaxCompute will not estimate this SQL's cost (DDL, an external table, SQL that does
 *   not compile); its code and message say why;
 * - `identity_unavailable`: no credentials for the person's role (STS refused the AssumeRole, or was
 *   throttled or unreachable), so nothing was sent to MaxCompute; STS's code and message are kept;
 * - `internal`: anything else.
 */
export type GatewayErrorCode =
  | 'service'
  | 'unavailable'
  | 'invalid_input'
  | 'submit_outcome_unknown'
  | 'not_estimable'
  | 'identity_unavailable'
  | 'internal';

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly retryable: boolean;
  /**
   * MaxCompute's own error code (`NoSuchObject`, `ODPS-0130013`, …) for `service` errors; STS's
   * (`NoPermission`, `Throttling.User`, …) for `identity_unavailable`.
   */
  readonly serviceCode?: string;
  /** MaxCompute's own message, as it said it. */
  readonly serviceMessage?: string;

  constructor(
    code: GatewayErrorCode,
    message: string,
    options: { retryable: boolean; cause?: unknown; serviceCode?: string; serviceMessage?: string },
  ) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.retryable = options.retryable;
    if (options.serviceCode !== undefined) this.serviceCode = options.serviceCode;
    if (options.serviceMessage !== undefined) this.serviceMessage = options.serviceMessage;
  }
}
