import { sql } from 'kysely';
import { allow, inFirm } from '@lexfin/service-kit';
import { addDays } from '../../domain/calendar';
import {
  arrangementRates,
  EFFECT_DAYS,
  stepEffectiveness,
  UNKNOWN_SEGMENT,
  type ArrangementRates,
  type ContactFacts,
  type StepEffectiveness,
} from '../../domain/ladder-effectiveness';
import { PAID_KINDS } from '../../db/schema';
import type { CollectionsScope } from '../collections-scope';
import { COLLECTIONS_READERS } from '../roles';

export interface LadderEffectiveness extends ArrangementRates {
  steps: StepEffectiveness[];
}

interface ContactAmountRow {
  id: string;
  stage_kind: string | null;
  template_key: string | null;
  segment: string;
  currency: string | null;
  owed_minor: string | null;
  paid_minor: string | null;
}

/**
 * Which steps work over the contacts whose day (the client's local date) is in [from, to]: a
 * message sent (or a letter posted by hand) or a call made. For each, what was open on its
 * invoices at the end of its day, and what billing's payments brought in on the 14 days after
 * (credit notes and write-offs also lower the open amount, but are not the client paying: the
 * replica's movements tell them apart). Promise and plan rates count the promises whose pay-by
 * date and the plans whose end fell in [from, to], as the ladder recorded their outcome.
 */
export async function ladderEffectiveness(
  scope: CollectionsScope,
  query: { from: string; to: string },
): Promise<LadderEffectiveness> {
  allow(scope.caller, COLLECTIONS_READERS);
  const { from, to } = query;
  const firmId = scope.caller.firmId;
  // Every time zone's local day lies within a day either side of the UTC day: the index narrows
  // to these instants, the local date decides.
  const notBefore = new Date(`${addDays(from, -1)}T00:00:00Z`);
  const before = new Date(`${addDays(to, 2)}T00:00:00Z`);
  return inFirm(scope.db, scope.caller, async (tx) => {
    const { rows } = await sql<ContactAmountRow>`
      with contact as (
        select cl.id, cl.stage_kind, cl.template_key,
          coalesce(cl.segment, ${UNKNOWN_SEGMENT}) as segment, cl.invoice_ids,
          (cl.at at time zone k.time_zone)::date as on_date
        from contact_log cl
        join clients k on k.firm_id = cl.firm_id and k.client_id = cl.client_id
        where cl.firm_id = ${firmId} and cl.at >= ${notBefore} and cl.at < ${before}
          and (cl.channel = 'CALL' or cl.outcome in ('SENT', 'LETTER_POSTED'))
          and (cl.at at time zone k.time_zone)::date between ${from}::date and ${to}::date
      ), amount as (
        select c.id, h.currency, sum(h.open_minor) as owed_minor,
          coalesce(sum(p.paid_minor), 0) as paid_minor
        from contact c
        cross join lateral unnest(c.invoice_ids) as i(invoice_id)
        join open_amount_history h on h.firm_id = ${firmId} and h.invoice_id = i.invoice_id
          and h.valid_from <= c.on_date and h.valid_to > c.on_date
        left join lateral (
          select -sum(m.amount_minor) as paid_minor from invoice_movements m
          where m.firm_id = ${firmId} and m.invoice_id = i.invoice_id
            and m.kind in (${sql.join(PAID_KINDS)})
            and m.on_date > c.on_date and m.on_date <= c.on_date + ${EFFECT_DAYS}::int
        ) p on true
        group by c.id, h.currency
      )
      select c.id, c.stage_kind, c.template_key, c.segment, a.currency,
        a.owed_minor::text as owed_minor, a.paid_minor::text as paid_minor
      from contact c left join amount a on a.id = c.id
      order by c.id, a.currency`.execute(tx);
    const { rows: counts } = await sql<{
      promises_kept: number;
      promises_broken: number;
      plans_completed: number;
      plans_defaulted: number;
    }>`
      select
        (select count(*) from promises_to_pay where firm_id = ${firmId} and outcome = 'KEPT'
          and pay_by between ${from}::date and ${to}::date)::int as promises_kept,
        (select count(*) from promises_to_pay where firm_id = ${firmId} and outcome = 'BROKEN'
          and pay_by between ${from}::date and ${to}::date)::int as promises_broken,
        (select count(*) from payment_plans where firm_id = ${firmId} and status = 'COMPLETED'
          and outcome_on between ${from}::date and ${to}::date)::int as plans_completed,
        (select count(*) from payment_plans where firm_id = ${firmId} and status = 'DEFAULTED'
          and outcome_on between ${from}::date and ${to}::date)::int as plans_defaulted`.execute(
      tx,
    );
    const contacts = new Map<string, ContactFacts>();
    for (const row of rows) {
      const contact = contacts.get(row.id) ?? {
        stageKind: row.stage_kind,
        templateKey: row.template_key,
        segment: row.segment,
        amounts: [],
      };
      if (row.currency !== null) {
        contact.amounts.push({
          currency: row.currency,
          owedMinor: BigInt(row.owed_minor!),
          paidMinor: BigInt(row.paid_minor!),
        });
      }
      contacts.set(row.id, contact);
    }
    const count = counts[0]!;
    return {
      steps: stepEffectiveness([...contacts.values()]),
      ...arrangementRates({
        promisesKept: count.promises_kept,
        promisesBroken: count.promises_broken,
        plansCompleted: count.plans_completed,
        plansDefaulted: count.plans_defaulted,
      }),
    };
  });
}
