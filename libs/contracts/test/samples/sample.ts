/** A valid subject and payload of one event type. */
export interface Sample {
  subject: string;
  data: unknown;
}
