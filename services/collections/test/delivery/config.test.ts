import { ConfigError, loadConfig, serviceConfigSchema } from '@lexfin/platform';
import { deliveryConfigShape, deliverySettingsFrom } from '../../src/delivery';

const schema = serviceConfigSchema(deliveryConfigShape);
const base = { PORT: '4004', LEXFIN_JWT_SECRET: 'x'.repeat(32) };

describe('delivery configuration', () => {
  it('defaults to the development relay and sender, with SMS off', () => {
    expect(deliverySettingsFrom(loadConfig(schema, base))).toEqual({
      smtpUrl: 'smtp://127.0.0.1:1025',
      mailFrom: 'Accounts <accounts@lexfin.invalid>',
      smsUrl: null,
      smsToken: null,
      smtpMaxConnections: 2,
    });
  });

  it('takes the operator settings', () => {
    const config = loadConfig(schema, {
      ...base,
      COLLECTIONS_SMTP_URL: 'smtps://mailer:secret@mail.firm.example:465',
      COLLECTIONS_MAIL_FROM: 'Hale & Ortiz Accounts <accounts@hale-ortiz.example>',
      COLLECTIONS_SMS_URL: 'https://sms.example.com/v1/messages',
      COLLECTIONS_SMS_TOKEN: 'token',
      COLLECTIONS_SMTP_MAX_CONNECTIONS: '10',
    });

    expect(deliverySettingsFrom(config)).toEqual({
      smtpUrl: 'smtps://mailer:secret@mail.firm.example:465',
      mailFrom: 'Hale & Ortiz Accounts <accounts@hale-ortiz.example>',
      smsUrl: 'https://sms.example.com/v1/messages',
      smsToken: 'token',
      smtpMaxConnections: 10,
    });
  });

  it('names every bad variable', () => {
    const load = () =>
      loadConfig(schema, {
        ...base,
        COLLECTIONS_SMTP_URL: 'http://mail.firm.example',
        COLLECTIONS_MAIL_FROM: 'accounts',
        COLLECTIONS_SMS_URL: 'file:///etc/passwd',
      });

    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('COLLECTIONS_SMTP_URL must be an SMTP URL');
      expect(problems).toContain('COLLECTIONS_MAIL_FROM must be one sender address');
      expect(problems).toContain('COLLECTIONS_SMS_URL must be an http(s) URL');
    }
  });
});
