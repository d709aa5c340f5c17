import { Money } from '@lexfin/money';
import { BadUserInputError } from '@lexfin/platform/errors';
import {
  MESSAGE_TEMPLATE_KEYS,
  renderCollectionMessage,
  type MessageChannel,
  type MessageTemplateKey,
} from '../../src/delivery';
import { reminder } from './messages';

describe('renderCollectionMessage', () => {
  it('lists every item, the totals per currency, the pay-by date, the contact and the opt-out line', () => {
    const rendered = renderCollectionMessage(reminder(), 'EMAIL');

    expect(rendered.language).toBe('en');
    expect(rendered.subject).toBe('Hale & Ortiz LLP: a friendly payment reminder');
    for (const body of [rendered.text, rendered.html]) {
      expect(body).toContain('INV-2026-0042');
      expect(body).toContain('Lease renewal');
      expect(body).toContain('October 15, 2026');
      expect(body).toContain('48 days past due');
      expect(body).toContain('USD 1,250.00');
      expect(body).toContain('INV-2026-0057');
      expect(body).toContain('USD 380.55');
      expect(body).toContain('INV-2026-0061');
      expect(body).toContain('1 day past due');
      expect(body).toContain('EUR 2,400.00');
      expect(body).toContain('USD 1,630.55');
      expect(body).toContain('December 16, 2026');
      expect(body).toContain('billing@hale-ortiz.example');
      expect(body).toContain('+1 415 555 0100');
      expect(body).toContain('you can opt out at https://pay.hale-ortiz.example/opt-out/abc123');
    }
    expect(rendered.text).toContain('Dear Northwind Traders,');
  });

  it('keeps names that look like HTML as text in the HTML body', () => {
    const rendered = renderCollectionMessage(
      reminder({
        firm: { name: 'Smith <b>& Co</b>', replyToEmail: null, phone: null },
        client: { ...reminder().client, displayName: '<script>alert(1)</script>' },
      }),
      'EMAIL',
    );

    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).not.toContain('<b>');
    expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered.html).toContain('Smith &lt;b&gt;&amp; Co&lt;/b&gt;');
    expect(rendered.text).toContain('Dear <script>alert(1)</script>,');
  });

  it('writes to a client asking for es-MX in Spanish, with Mexican amounts and dates', () => {
    const rendered = renderCollectionMessage(
      reminder({
        language: 'es-MX',
        items: [{ ...reminder().items[0]!, openAmount: Money.parse('12500.00', 'MXN') }],
        totals: [Money.parse('12500.00', 'MXN')],
      }),
      'EMAIL',
    );

    expect(rendered.language).toBe('es');
    expect(rendered.subject).toBe('Hale & Ortiz LLP: recordatorio amable de pago');
    expect(rendered.text).toContain('Estimado/a Northwind Traders:');
    expect(rendered.text).toContain('Facturas pendientes');
    expect(rendered.text).toContain('vencida hace 48 días');
    expect(rendered.text).toContain('MXN 12,500.00');
    expect(rendered.text).toContain('16 de diciembre de 2026');
    expect(rendered.html).toContain('<html lang="es">');
  });

  it('falls back to English for a language with no templates', () => {
    const rendered = renderCollectionMessage(reminder({ language: 'de' }), 'EMAIL');

    expect(rendered.language).toBe('en');
    expect(rendered.text).toContain('Dear Northwind Traders,');
    expect(rendered.text).toContain('USD 1,250.00');
  });

  it('falls back to English for a language tag Intl cannot read', () => {
    expect(renderCollectionMessage(reminder({ language: 'es-!!' }), 'EMAIL').language).toBe('es');
    expect(renderCollectionMessage(reminder({ language: '' }), 'EMAIL').language).toBe('en');
  });

  it('refuses a template that does not exist with BAD_USER_INPUT naming templateKey', () => {
    const render = () =>
      renderCollectionMessage(
        reminder({ templateKey: 'payment_demand' as MessageTemplateKey }),
        'EMAIL',
      );

    expect(render).toThrow(BadUserInputError);
    try {
      render();
    } catch (error) {
      expect((error as BadUserInputError).code).toBe('BAD_USER_INPUT');
      expect(Object.keys((error as BadUserInputError).fields)).toEqual(['templateKey']);
    }
  });

  it('tells the client of the right to fee arbitration and encloses the State Bar notice', () => {
    const rendered = renderCollectionMessage(
      reminder({ templateKey: 'fee_arbitration_notice' }),
      'LETTER',
    );

    expect(rendered.text).toContain('California Business and Professions Code sections 6200-6206');
    expect(rendered.text).toContain(
      `The State Bar of California's "Notice of Client's Right to Fee Arbitration" is enclosed`,
    );
    expect(rendered.text).toContain('30 days');
    expect(rendered.text).toContain("Notice of Client's Right to Fee Arbitration\n");
    expect(rendered.text).not.toContain('replaces this file');
    expect(rendered.text).toContain('If you would rather not receive payment reminders by post');
  });

  it('counts days before the due date in a pre-due reminder', () => {
    const rendered = renderCollectionMessage(
      reminder({
        templateKey: 'pre_due_reminder',
        items: [{ ...reminder().items[0]!, daysPastDue: -3 }],
        totals: [Money.parse('1250.00', 'USD')],
      }),
      'EMAIL',
    );

    expect(rendered.text).toContain('due in 3 days');
    expect(rendered.subject).toBe('Hale & Ortiz LLP: a courtesy reminder of an invoice due soon');
  });

  it('writes without an opt-out link when the firm gives none, asking for a reply only when one reaches the firm', () => {
    const replyable = renderCollectionMessage(reminder({ optOutUrl: null }), 'EMAIL');
    const unreplyable = renderCollectionMessage(
      reminder({ optOutUrl: null, firm: { ...reminder().firm, replyToEmail: null } }),
      'EMAIL',
    );

    expect(replyable.text).toContain(
      'If you would rather not receive payment reminders by email, simply reply to let us know.',
    );
    expect(unreplyable.text).toContain(
      'If you would rather not receive payment reminders by email, please let us know.',
    );
  });

  it('keeps an SMS short and plain, opt-out included, even for a very long firm name', () => {
    const long = reminder({
      firm: { name: 'Hale '.repeat(120).trim(), replyToEmail: null, phone: '+1 415 555 0100' },
    });
    for (const message of [reminder(), long]) {
      const { text } = renderCollectionMessage(message, 'SMS');
      expect(text.length).toBeLessThanOrEqual(480);
      expect(text).not.toMatch(/[<>\n]/);
      expect(text).toContain('Opt out: https://pay.hale-ortiz.example/opt-out/abc123');
    }
    expect(renderCollectionMessage(reminder(), 'SMS').text).toBe(
      'Hale & Ortiz LLP: a friendly reminder that USD 1,630.55, EUR 2,400.00 is now past due. ' +
        'We would be grateful for payment by December 16, 2026. If you have already paid, thank you. ' +
        'Questions? Call us on +1 415 555 0100. Opt out: https://pay.hale-ortiz.example/opt-out/abc123',
    );
  });

  const everyTemplate = MESSAGE_TEMPLATE_KEYS.flatMap((templateKey) =>
    ['en', 'es'].flatMap((language) =>
      (['EMAIL', 'SMS', 'LETTER'] as MessageChannel[]).map(
        (channel) => [templateKey, language, channel] as const,
      ),
    ),
  );

  it.each(everyTemplate)(
    '%s in %s by %s names the amounts and the pay-by date, courteously',
    (templateKey, language, channel) => {
      const rendered = renderCollectionMessage(reminder({ templateKey, language }), channel);

      expect(rendered.language).toBe(language);
      expect(rendered.subject).toContain('Hale & Ortiz LLP');
      expect(rendered.text).toMatch(/1,630\.55|1\.?630,55/);
      expect(rendered.text).toMatch(/16 de diciembre de 2026|December 16, 2026/);
      expect(rendered.text.length).toBeLessThanOrEqual(channel === 'SMS' ? 480 : 10_000);
      expect(rendered.text).not.toMatch(/\b(legal action|sue|lawsuit|court|demanda|tribunal)\b/i);
    },
  );
});
