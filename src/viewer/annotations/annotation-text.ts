import { create } from 'zustand';

interface TextRequest {
  initial: string;
  resolve: (text: string | null) => void;
}

interface AnnotationTextState {
  /** The arrow label being typed, if the editor is open. */
  request: TextRequest | undefined;
}

/** The open text editor of the arrow tool (one at a time); AnnotationTextDialog renders it. */
export const useAnnotationTextStore = create<AnnotationTextState>(() => ({ request: undefined }));

/**
 * Asks the reader for an arrow's text. Resolves with the text, or null when cancelled.
 * Replaces ArrowAnnotateTool's default window.prompt.
 */
export function requestAnnotationText(initial: string): Promise<string | null> {
  useAnnotationTextStore.getState().request?.resolve(null);
  return new Promise((resolve) => {
    useAnnotationTextStore.setState({
      request: {
        initial,
        resolve: (text) => {
          useAnnotationTextStore.setState({ request: undefined });
          resolve(text);
        },
      },
    });
  });
}
