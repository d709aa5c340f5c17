const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * When each attempt of a delivery is made, as a delay after the previous one failed: the first at
 * once, the eighth about 27 h after the event; after that the delivery has failed.
 */
export const DELIVERY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/** An endpoint whose deliveries have failed without a success for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * HOUR;

/** How long a receiver has to answer one attempt. */
export const ATTEMPT_TIMEOUT_MS = 15 * SECOND;

/** How much of a receiver's answer the delivery log keeps. */
export const RESPONSE_BODY_LOG_BYTES = 2 * 1024;
