/** Why a webhook was not accepted: answer it with 400 (or 401) and do not act on it. */
export type WebhookVerificationFailure =
  | 'MISSING_HEADER'
  | 'INVALID_TIMESTAMP'
  | 'TIMESTAMP_OUT_OF_TOLERANCE'
  | 'INVALID_SECRET'
  | 'NO_MATCHING_SIGNATURE'
  | 'INVALID_BODY';

export class WebhookVerificationError extends Error {
  readonly code: WebhookVerificationFailure;

  constructor(code: WebhookVerificationFailure, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.code = code;
  }
}
