import { typedHandlers } from '@lexfin/persistence';
import type { TrustDatabase } from '../db/schema';

export type { EventData } from '@lexfin/persistence';

/** A handler of one event type with its payload typed, on this service's database. */
export const on = typedHandlers<TrustDatabase>();
