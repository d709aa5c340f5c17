import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CollectionsDatabase } from '../../db/schema';

/** A letter the ladder printed, as the client was sent it. */
export interface PrintedLetter {
  contactId: string;
  clientId: string;
  stageKind: string;
  pdf: Buffer;
  postedOn: string;
  deliveredOn: string;
  at: Date;
}

/** Keeps the printed PDF byte for byte, with its digest, beside the contact it belongs to. */
export async function storeLetter(
  tx: Transaction<CollectionsDatabase>,
  firmId: string,
  letter: PrintedLetter,
): Promise<void> {
  await tx
    .insertInto('letters')
    .values({
      firm_id: firmId,
      contact_id: letter.contactId,
      client_id: letter.clientId,
      stage_kind: letter.stageKind,
      pdf: letter.pdf,
      sha256: createHash('sha256').update(letter.pdf).digest('hex'),
      posted_on: letter.postedOn,
      delivered_on: letter.deliveredOn,
      created_at: letter.at,
    })
    .execute();
}
