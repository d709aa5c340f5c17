export { WebhookVerificationError, type WebhookVerificationFailure } from './errors';
export { SECRET_PREFIX, signWebhook, type SignedContent } from './signature';
export { verifyWebhook, type VerifyWebhookOptions, type WebhookHeaders } from './verify';
