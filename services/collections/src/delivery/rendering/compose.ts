import type { CollectionMessage, MessageChannel, PostalAddress } from '../message';
import { formatCalendarDate, formatMoney, pluralCategory } from './formatting';
import { labels, phrase, resolveLanguage, templatePart, type Labels } from './template-store';

export interface ComposedItem {
  invoiceNumber: string;
  matterName: string;
  dueDate: string;
  /** '12 days past due', 'due in 3 days' */
  timing: string;
  openAmount: string;
}

/** A titled text the message encloses (the State Bar's fee arbitration notice). */
export interface Enclosure {
  title: string;
  paragraphs: string[];
}

/**
 * Everything a client reads in one message, as plain text in its language, before it is laid out
 * as email (text and HTML), SMS or a printed letter. Every field is plain text: the HTML layout
 * escapes it.
 */
export interface ComposedMessage {
  /** The language rendered ('es' for a message asked in 'es-MX'). */
  language: string;
  subject: string;
  firmName: string;
  firmContact: string[];
  clientName: string;
  postalAddress: string[];
  greeting: string;
  paragraphs: string[];
  itemsHeading: string;
  columns: { invoice: string; matter: string; dueDate: string; status: string; openAmount: string };
  items: ComposedItem[];
  totalsHeading: string;
  totals: string[];
  payByLine: string;
  contactLine: string;
  signOff: string;
  optOutLine: string;
  /** The short SMS text, before the opt-out line; empty on the other channels, which lack it. */
  smsBody: string;
  enclosure: Enclosure | null;
}

export function composeMessage(
  message: CollectionMessage,
  channel: MessageChannel,
): ComposedMessage {
  const language = resolveLanguage(message.templateKey, message.language);
  // Format amounts and dates the way the client's region writes them (es-MX) when its language
  // was found; otherwise in the language the text falls back to.
  const locale =
    primaryOf(message.language) === language ? knownLocale(message.language, language) : language;
  const wording = labels(language);
  const payBy = formatCalendarDate(message.payBy, locale);
  const totals = message.totals.map((total) => formatMoney(total, locale));
  const context = {
    clientName: message.client.displayName,
    firmName: message.firm.name,
    replyToEmail: message.firm.replyToEmail,
    phone: message.firm.phone,
    optOutUrl: message.optOutUrl,
    payBy,
    totals: totals.join(', '),
    instalmentAmount:
      message.instalmentAmount === undefined ? null : formatMoney(message.instalmentAmount, locale),
    several: message.items.length > 1,
    itemCount: message.items.length,
  };
  const text = (name: string) => phrase(stringAt(wording, name), context);
  const part = (name: string) => templatePart(message.templateKey, language, name);
  const required = (name: string) => {
    const template = part(name);
    if (template === null) throw new Error(`template ${message.templateKey} has no ${name}.hbs`);
    return template(context);
  };
  const enclosure = part('enclosure');
  return {
    language,
    subject: required('subject').trim(),
    firmName: message.firm.name,
    firmContact: [message.firm.replyToEmail, message.firm.phone].filter(isGiven),
    clientName: message.client.displayName,
    postalAddress: addressLines(message.client.displayName, message.client.postalAddress),
    greeting: text('greeting'),
    paragraphs: paragraphsOf(required('body')),
    itemsHeading: text('itemsHeading'),
    columns: {
      invoice: text('columns.invoice'),
      matter: text('columns.matter'),
      dueDate: text('columns.dueDate'),
      status: text('columns.status'),
      openAmount: text('columns.openAmount'),
    },
    items: message.items.map((item) => ({
      invoiceNumber: item.invoiceNumber,
      matterName: item.matterName,
      dueDate: formatCalendarDate(item.dueDate, locale),
      timing: timingOf(wording, item.daysPastDue, locale),
      openAmount: formatMoney(item.openAmount, locale),
    })),
    totalsHeading: text('totalsHeading'),
    totals,
    payByLine: text('payBy'),
    contactLine: text('contact'),
    signOff: text('signOff'),
    optOutLine: text(`optOut.${channel}`),
    smsBody: channel === 'SMS' ? required('sms').replace(/\s+/g, ' ').trim() : '',
    enclosure: enclosure === null ? null : enclosureOf(enclosure(context)),
  };
}

function timingOf(wording: Labels, daysPastDue: number, locale: string): string {
  if (daysPastDue === 0) return phrase(stringAt(wording, 'dueToday'), {});
  const days = Math.abs(daysPastDue);
  const forms = daysPastDue > 0 ? 'pastDue' : 'dueIn';
  const category = pluralCategory(days, locale);
  const source =
    maybeStringAt(wording, `${forms}.${category}`) ?? stringAt(wording, `${forms}.other`);
  return phrase(source, { days });
}

/** Paragraphs are separated by blank lines; lines within one are joined (the layout wraps). */
function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
}

function enclosureOf(text: string): Enclosure {
  const [title = '', ...paragraphs] = paragraphsOf(text);
  return { title, paragraphs };
}

function addressLines(name: string, address: PostalAddress | null): string[] {
  if (address === null) return [];
  const cityLine = [address.postalCode, address.city, address.region].filter(isGiven).join(' ');
  return [name, address.line1, address.line2, cityLine, address.country].filter(isGiven);
}

/** The tag when Intl takes it, else the language it fell back to (Intl throws on a bad tag). */
function knownLocale(tag: string, fallback: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? fallback;
  } catch {
    return fallback;
  }
}

function primaryOf(tag: string): string {
  return tag.toLowerCase().split('-')[0]!;
}

function isGiven(value: string | null): value is string {
  return value !== null && value.trim() !== '';
}

function maybeStringAt(wording: Labels, path: string): string | undefined {
  let node: string | Labels | undefined = wording;
  for (const name of path.split('.')) {
    node = typeof node === 'object' ? node[name] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

function stringAt(wording: Labels, path: string): string {
  const found = maybeStringAt(wording, path);
  if (found === undefined) throw new Error(`the labels have no phrase '${path}'`);
  return found;
}
