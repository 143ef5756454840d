/** How a source wants QIDO query values written (see query-encoding.ts). */
export type QueryValueEncoding = 'percent' | 'literal';

export interface DataSourceQuirks {
  queryValueEncoding: QueryValueEncoding;
}

/** A DICOMweb data source as the gateway publishes it (roots are same-origin gateway paths). */
export interface DataSource {
  sourceName: string;
  friendlyName: string;
  qidoRoot: string;
  wadoRoot: string;
  stowRoot: string;
  quirks: DataSourceQuirks;
  /** How a lossy first view of a large image may be fetched (`rendered`: scaled WADO-RS rendered JPEG). */
  lossyPreview?: 'rendered' | 'none';
  /**
   * Frames are asked for with the image loader's streaming retrieval (fetch + ReadableStream): an HTJ2K
   * RPCL (or HTJ2K) frame is decoded and drawn at lower resolution while it arrives.
   */
  frameStreaming?: boolean;
}
