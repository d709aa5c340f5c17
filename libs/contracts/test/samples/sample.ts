/** A valid subject and payload of one event type. */
export interface Sample {
  subject: string;
  data: unknown;
  /** The id the Kafka key carries when the event concerns no client (e.g. a trust account). */
  keyedBy?: string;
}
