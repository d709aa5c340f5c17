import { input } from '@lexfin/service-kit';

/**
 * The columns' limits on free text, so that a longer text is BAD_USER_INPUT naming its field
 * instead of a failed insert (an internal error): a reason or note of up to 2,000 characters, an
 * agency's name of up to 200.
 */
export const reason = input.text.max(2000, 'must be at most 2000 characters');
export const note = reason.nullish();
export const agencyName = input.text.max(200, 'must be at most 200 characters');
