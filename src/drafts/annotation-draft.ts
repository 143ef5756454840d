import { z } from 'zod';

const point3 = z.tuple([z.number(), z.number(), z.number()]);

const draftAnnotationSchema = z.object({
  annotationUID: z.string().min(1),
  toolName: z.string().min(1),
  /** The image it is drawn on (a WADO-RS frame image id of the draft's data source). */
  imageId: z.string().min(1),
  /** The viewer's own reference to the view it was drawn in (frame of reference, plane normal…), as JSON. */
  metadata: z.record(z.string(), z.unknown()),
  /** Handle positions in world (patient, mm) coordinates, as the viewer keeps them. */
  points: z.array(point3).min(1),
  /** Where the reader moved the text box to, in world coordinates. */
  textBox: point3.optional(),
  /** An arrow's own text. */
  label: z.string().optional(),
  /** The measurement text as last shown, for when the image is not loaded to measure again. */
  text: z.string(),
});

const annotationDraftSchema = z.object({
  // 2: kept per user (1 had no owner: anyone signed in on the browser would have seen it).
  version: z.literal(2),
  /** The username of the reader who drew them: a draft is only ever shown to its own reader. */
  owner: z.string().min(1),
  sourceName: z.string().min(1),
  studyInstanceUID: z.string().min(1),
  annotations: z.array(draftAnnotationSchema),
  /** The images the reader marked as key images (WADO-RS frame image ids), in marking order. */
  keyImages: z.array(z.string().min(1)).optional(),
  /** When the draft was last written (ms since the epoch). */
  updatedAt: z.number(),
});

export type DraftAnnotation = z.infer<typeof draftAnnotationSchema>;
export type AnnotationDraft = z.infer<typeof annotationDraftSchema>;

/** A stored draft, or undefined when it is missing or not one this version wrote (storage is the user's). */
export function parseDraft(value: unknown): AnnotationDraft | undefined {
  const result = annotationDraftSchema.safeParse(value);
  return result.success ? result.data : undefined;
}

export function draftKey(owner: string, sourceName: string, studyInstanceUID: string): string {
  return `${owner}|${sourceName}|${studyInstanceUID}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:05", or "2024-03-14 14:05" when it was not today. */
function stampOf(updatedAt: number, now: Date): string {
  const when = new Date(updatedAt);
  const time = `${pad(when.getHours())}:${pad(when.getMinutes())}`;
  const sameDay = when.getFullYear() === now.getFullYear() && when.getMonth() === now.getMonth() && when.getDate() === now.getDate();
  return sameDay ? time : `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${time}`;
}

const annotations = (count: number) => `${count} unsaved annotation${count === 1 ? '' : 's'}`;

/** "Restored 3 unsaved annotations from 14:05" (with the date when it was not today). */
export function restoredNotice(count: number, updatedAt: number, now: Date = new Date()): string {
  return `Restored ${annotations(count)} from ${stampOf(updatedAt, now)}`;
}

/** While the study cannot be opened: its draft is safe and comes back. */
export function keptDraftNotice(count: number, updatedAt: number, now: Date = new Date()): string {
  return `${annotations(count)} from ${stampOf(updatedAt, now)} ${count === 1 ? 'is kept in this browser and comes' : 'are kept in this browser and come'} back when the study opens.`;
}
