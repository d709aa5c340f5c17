import type { CaseFacts, OpenItemFacts } from '../../src/domain/collection-state';

/** A New York client with email and letters consented, and no facts yet. */
export function clientFacts(overrides: Partial<CaseFacts['client']> = {}): CaseFacts {
  return {
    client: {
      clientId: 'client-1',
      timeZone: 'America/New_York',
      region: 'US-NY',
      segment: 'UNGRADED',
      doNotContact: false,
      consentedChannels: ['EMAIL', 'LETTER'],
      ...overrides,
    },
    items: [],
    steps: [],
    contacts: [],
    pauses: [],
    feeArbitration: [],
    payments: [],
    promises: [],
    plans: [],
    disputes: [],
    awaitedCredits: [],
    creditNotes: [],
    optedOutChannels: [],
    withAgency: false,
    endedInvoiceIds: [],
  };
}

export function openItem(invoiceId: string, dueDate: string, dollars = 1000): OpenItemFacts {
  return {
    invoiceId,
    matterId: `matter-of-${invoiceId}`,
    dueDate,
    openMinor: BigInt(dollars) * 100n,
    currency: 'USD',
  };
}
