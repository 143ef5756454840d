import { useEffect } from 'react';

/** Sets the tab title while the page is shown (text: document.title never parses markup). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(
    () => () => {
      document.title = 'Readroom';
    },
    [],
  );
}
