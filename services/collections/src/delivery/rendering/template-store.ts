import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { BadUserInputError } from '@lexfin/platform/errors';
import { MESSAGE_TEMPLATE_KEYS, type MessageTemplateKey } from '../message';
import { cached } from './cached';

/**
 * The template files live beside the sources (src/delivery/templates), so the firm can replace
 * one without a build; from dist/delivery/rendering the climb to the package root is the same.
 */
const TEMPLATES_DIR = resolve(__dirname, '../../../src/delivery/templates');

export const FALLBACK_LANGUAGE = 'en';

/**
 * Handlebars: logic-less, so a template file the firm edits cannot run code; `{{x}}` escapes
 * HTML. Strict: a misspelt field throws in the tests instead of rendering empty; only the
 * built-in helpers (if, each, unless, with) are known.
 */
const engine = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

const seen = new Map<string, boolean>();

/** Whether a template file exists, asked of the disk once per file (templates load at start). */
function exists(path: string): boolean {
  let found = seen.get(path);
  if (found === undefined) {
    found = existsSync(path);
    seen.set(path, found);
  }
  return found;
}

export type Mode = 'html' | 'text';

export type Template = (context: object) => string;

function compileFile(path: string, mode: Mode): Template {
  const key = `${mode}:${path}`;
  let template = compiled.get(key);
  if (template === undefined) {
    template = engine.compile(readFileSync(path, 'utf8'), {
      strict: true,
      knownHelpersOnly: true,
      noEscape: mode === 'text',
    });
    compiled.set(key, template);
  }
  return template;
}

/** A layout shared by every template and language (it takes its wording from the labels). */
export function layout(name: string, mode: Mode): Template {
  return compileFile(join(TEMPLATES_DIR, 'layouts', name), mode);
}

/**
 * The language a template is rendered in: the tag itself (`es-mx`), its primary language (`es`),
 * or English. A key outside the catalogue, or one with no English files, is the caller's error.
 */
export function resolveLanguage(templateKey: MessageTemplateKey, language: string): string {
  return resolvedLanguage(`${templateKey}|${language}`);
}

/** Looked up once per template and tag: every message asks again. */
const resolvedLanguage = cached((key) => {
  const [templateKey, language] = key.split('|') as [MessageTemplateKey, string];
  if (!(MESSAGE_TEMPLATE_KEYS as readonly string[]).includes(templateKey)) {
    throw new BadUserInputError({ templateKey: `has no template named '${templateKey}'` });
  }
  const tag = language.toLowerCase();
  const candidates = [tag, tag.split('-')[0]!, FALLBACK_LANGUAGE];
  const found = candidates.find(
    (candidate) =>
      /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(candidate) &&
      exists(join(TEMPLATES_DIR, candidate, templateKey, 'subject.hbs')),
  );
  if (found === undefined) {
    throw new BadUserInputError({
      templateKey: `template '${templateKey}' has no ${FALLBACK_LANGUAGE} version to fall back to`,
    });
  }
  return found;
});

/** One part of a template (`subject`, `body`, `sms`, `enclosure`) in `language`, else English. */
export function templatePart(
  templateKey: MessageTemplateKey,
  language: string,
  part: string,
): Template | null {
  return partFile(`${templateKey}/${language}/${part}`);
}

/** The file each part comes from, or null for none: its paths are built once, not per message. */
const partFile = cached((key): Template | null => {
  const [templateKey, language, part] = key.split('/') as [string, string, string];
  for (const candidate of [language, FALLBACK_LANGUAGE]) {
    const path = join(TEMPLATES_DIR, candidate, templateKey, `${part}.hbs`);
    if (exists(path)) return compileFile(path, 'text');
  }
  return null;
});

/** Wording shared by every template of a language: one Handlebars source per phrase. */
export interface Labels {
  [name: string]: string | Labels;
}

const labelCache = new Map<string, Labels>();

export function labels(language: string): Labels {
  let found = labelCache.get(language);
  if (found === undefined) {
    const path = join(TEMPLATES_DIR, language, 'labels.json');
    found = exists(path)
      ? (JSON.parse(readFileSync(path, 'utf8')) as Labels)
      : labels(FALLBACK_LANGUAGE);
    labelCache.set(language, found);
  }
  return found;
}

/** Renders one phrase of the labels as plain text (the layouts escape it for HTML). */
export function phrase(source: string, context: object): string {
  const key = `phrase:${source}`;
  let template = compiled.get(key);
  if (template === undefined) {
    template = engine.compile(source, { strict: true, knownHelpersOnly: true, noEscape: true });
    compiled.set(key, template);
  }
  return template(context);
}
