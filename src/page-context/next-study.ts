import { createContext, useContext } from 'react';
import type { DataSource } from '../dicomweb/runtime-config.ts';

/**
 * The studies of a worklist view, in its order (its URL query: filters, Status filter, sort), for the
 * viewer's "Next": the worklist owns how a view is fetched, the viewer only asks. The app provides it.
 */
export type WorklistViewStudies = (source: DataSource, dataSource: string | undefined, search: string, signal?: AbortSignal) => Promise<string[]>;

export const WorklistViewContext = createContext<WorklistViewStudies | undefined>(undefined);

export function useWorklistViewStudies(): WorklistViewStudies | undefined {
  return useContext(WorklistViewContext);
}
