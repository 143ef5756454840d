import { z } from 'zod';
import { FINDINGS, IMPRESSION } from './report-rules.ts';

/**
 * Report templates and text macros, from the JSON files of `config/report-templates/` (one template a
 * file; see docs/reports.md). A template names the studies it suits (modalities, and words of the study
 * description or body part), its sections with their starting text, and its macros: `.nad` typed and
 * followed by a space or a new line becomes its text. The `general` template is the fallback, and its
 * macros are available in every template.
 */

export const GENERAL_TEMPLATE_ID = 'general';
const MACRO_NAME = /^\.[a-z0-9][a-z0-9-]*$/;

export const reportTemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    match: z.object({
      modalities: z.array(z.string().regex(/^[A-Z0-9]{2,16}$/)),
      /** Lower-case words of the study description or Body Part Examined that pick this template. */
      keywords: z.array(z.string().min(2)).default([]),
    }),
    sections: z
      .array(z.object({ title: z.string().min(1).max(80), text: z.string() }))
      .min(2)
      .refine((sections) => sections.some((s) => s.title === FINDINGS) && sections.some((s) => s.title === IMPRESSION), {
        message: `needs a "${FINDINGS}" and an "${IMPRESSION}" section`,
      }),
    macros: z.record(z.string().regex(MACRO_NAME, 'macro names start with a dot: ".nad"'), z.string().min(1)).default({}),
  })
  .strict();
export type ReportTemplate = z.infer<typeof reportTemplateSchema>;

/** The templates of the files (path → parsed JSON); a file that does not parse is named in the error. */
export function parseTemplates(files: Record<string, unknown>): ReportTemplate[] {
  const templates = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, json]) => {
      const parsed = reportTemplateSchema.safeParse(json);
      if (!parsed.success) throw new Error(`Report template ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      return parsed.data;
    });
  const ids = templates.map((t) => t.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`Two report templates have the id "${duplicate}"`);
  if (!ids.includes(GENERAL_TEMPLATE_ID)) throw new Error(`The report templates need a "${GENERAL_TEMPLATE_ID}" template (the fallback)`);
  return templates;
}

export interface StudyForTemplate {
  modalities: readonly string[];
  description: string;
  bodyParts?: readonly string[];
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The template that suits the study best: one of its modalities must match; then the most keywords found
 * in the description and body parts. The general template when none matches.
 */
export function chooseTemplate(templates: readonly ReportTemplate[], study: StudyForTemplate): ReportTemplate {
  const general = templates.find((t) => t.id === GENERAL_TEMPLATE_ID)!;
  const found = new Set([...words(study.description), ...(study.bodyParts ?? []).flatMap(words)]);
  const text = ` ${[...found].join(' ')} `;
  let best: { template: ReportTemplate; score: number } | undefined;
  for (const template of templates) {
    if (template.id === GENERAL_TEMPLATE_ID) continue;
    if (!template.match.modalities.some((m) => study.modalities.includes(m))) continue;
    const score = template.match.keywords.filter((k) => text.includes(` ${k.toLowerCase()} `)).length;
    if (score > 0 && (!best || score > best.score)) best = { template, score };
  }
  return best?.template ?? general;
}

/** The macros available with a template: the general ones, then the template's own (which win). */
export function macrosOf(templates: readonly ReportTemplate[], templateId: string): Record<string, string> {
  const general = templates.find((t) => t.id === GENERAL_TEMPLATE_ID)?.macros ?? {};
  const own = templateId === GENERAL_TEMPLATE_ID ? {} : (templates.find((t) => t.id === templateId)?.macros ?? {});
  return { ...general, ...own };
}

/**
 * Expands the macro just typed: when the character before `caret` is a space or a new line and the word
 * before it is a macro name, that word is replaced by the macro's text (the space or new line stays).
 * Undefined when there is nothing to expand.
 */
export function expandMacroAt(text: string, caret: number, macros: Readonly<Record<string, string>>): { text: string; caret: number } | undefined {
  const before = text.slice(0, caret);
  const match = /(^|\s)(\.[a-z0-9][a-z0-9-]*)(\s)$/.exec(before);
  if (!match) return undefined;
  const expansion = Object.hasOwn(macros, match[2]!) ? macros[match[2]!] : undefined;
  if (expansion === undefined) return undefined;
  const start = caret - match[2]!.length - match[3]!.length;
  const replaced = `${expansion}${match[3]}`;
  return { text: text.slice(0, start) + replaced + text.slice(caret), caret: start + replaced.length };
}

/** The sections a template starts a report with. */
export function sectionsOf(template: ReportTemplate): Array<{ title: string; text: string }> {
  return template.sections.map((s) => ({ title: s.title, text: s.text }));
}
