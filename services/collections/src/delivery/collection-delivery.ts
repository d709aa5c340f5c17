import type { Logger } from '@lexfin/platform';
import { createEmailSender } from './channels/email';
import { renderLetterPdf } from './channels/letter-pdf';
import { bounced } from './channels/outcomes';
import { createSmsSender } from './channels/sms';
import type { DeliverySettings } from './config';
import type {
  CollectionDelivery,
  CollectionMessage,
  DeliveryOutcome,
  MessageChannel,
} from './message';
import { composeMessage } from './rendering/compose';
import { renderCollectionMessage } from './rendering/render';

/**
 * Sends collection messages: email over SMTP, SMS through the provider, letters as a PDF the firm
 * prints. Never throws for a delivery problem: the outcome says SENT, BOUNCED or FAILED. The log
 * names the attempt and its outcome only, never the client or the address.
 */
export function createCollectionDelivery(
  config: DeliverySettings,
  logger: Logger,
): CollectionDelivery {
  const email = createEmailSender(config);
  const sms =
    config.smsUrl === null ? null : createSmsSender({ url: config.smsUrl, token: config.smsToken });

  const attempt = async (
    channel: MessageChannel,
    message: CollectionMessage,
  ): Promise<DeliveryOutcome> => {
    switch (channel) {
      case 'EMAIL':
        return email.send(message, renderCollectionMessage(message, channel));
      case 'SMS':
        if (sms === null) return bounced('no SMS provider configured');
        return sms.send(message, renderCollectionMessage(message, channel).text);
      case 'LETTER': {
        if (message.client.postalAddress === null) return bounced('no postal address');
        const letterPdf = await renderLetterPdf(composeMessage(message, channel));
        return { status: 'SENT', providerMessageId: null, detail: null, letterPdf };
      }
    }
  };

  return {
    async send(channel, message) {
      const outcome = await attempt(channel, message);
      logger.info(
        { messageId: message.messageId, channel, status: outcome.status },
        'collection message delivery',
      );
      return outcome;
    },
    async close() {
      email.close();
    },
  };
}
