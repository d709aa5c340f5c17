/**
 * The demo firm, loaded through the gateway's public API as the firm's own staff would (never
 * SQL): one step per service, in the order their data depends on each other. A step adds to
 * `demo` what later steps use (clients, matters, invoices). Choices come from a seeded generator,
 * dates from today: the same firm every time on a given day.
 */
import { demoFirmId, developmentToken, staffRoles } from '../dev-env.mjs';
import { gatewayCaller } from './graphql.mjs';
import { seeded } from './seeded.mjs';
import { billingStep } from './steps/billing.mjs';
import { trustAccountingStep } from './steps/trust-accounting.mjs';
import { creditAssessmentStep } from './steps/credit-assessment.mjs';
import { collectionsStep } from './steps/collections.mjs';
import { collectionsArrangementsStep } from './steps/collections-arrangements.mjs';

export const demoSteps = [
  billingStep,
  trustAccountingStep,
  creditAssessmentStep,
  collectionsStep,
  collectionsArrangementsStep,
];

/** Loads the demo firm unless it has clients already; answers what it did, in a few words. */
export async function loadDemo({
  gatewayUrl,
  env,
  say,
  firmId = demoFirmId,
  today = new Date().toISOString().slice(0, 10),
}) {
  const callers = new Map();
  for (const role of staffRoles) {
    // One person per role: approvals need someone other than who asked.
    const token = await developmentToken({ roles: [role], firmId, sub: `demo-${role}` }, env);
    callers.set(role, gatewayCaller(gatewayUrl, token));
  }
  const as = (role) => callers.get(role);
  const { clients } = await as('billing_clerk')('{ clients { id } }');
  if (clients.length > 0) return `already loaded (${clients.length} clients in firm ${firmId})`;

  const random = seeded(20_260_101);
  const demo = {};
  for (const step of demoSteps) await step({ as, random, today, say, demo });
  return `firm ${firmId}`;
}
