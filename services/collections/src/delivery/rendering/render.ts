import type { CollectionMessage, MessageChannel, RenderedMessage } from '../message';
import { composeMessage, type ComposedMessage } from './compose';
import { layout } from './template-store';

/** What one SMS may carry: three concatenated segments of GSM text. */
export const SMS_MAX_LENGTH = 480;

/**
 * Pure: what the client would receive on `channel` (previewCollectionMessage uses it). Throws
 * BAD_USER_INPUT naming `templateKey` for a template that does not exist.
 */
export function renderCollectionMessage(
  message: CollectionMessage,
  channel: MessageChannel,
): RenderedMessage {
  return renderComposed(composeMessage(message, channel), channel);
}

export function renderComposed(
  composed: ComposedMessage,
  channel: MessageChannel,
): RenderedMessage {
  if (channel === 'SMS') {
    const text = smsText(composed);
    return {
      subject: composed.subject,
      text,
      html: layout('sms.html.hbs', 'html')({ language: composed.language, text }),
      language: composed.language,
    };
  }
  return {
    subject: composed.subject,
    text:
      layout(
        'email.text.hbs',
        'text',
      )(composed)
        .replace(/\n{3,}/g, '\n\n')
        .trim() + '\n',
    html: layout('email.html.hbs', 'html')(composed),
    language: composed.language,
  };
}

/** The SMS body and its opt-out line; should a long firm name overflow, the body gives way. */
function smsText(composed: ComposedMessage): string {
  const optOut = composed.optOutLine;
  const room = SMS_MAX_LENGTH - optOut.length - 1;
  const body =
    composed.smsBody.length <= room
      ? composed.smsBody
      : `${composed.smsBody.slice(0, room - 3).trimEnd()}...`;
  return `${body} ${optOut}`;
}
