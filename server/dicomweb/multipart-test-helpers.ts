/** Splits a multipart/related body into parts (test helper; boundaries differ between responses). */
export function multipartParts(body: Buffer, contentType: string): Array<{ headers: Record<string, string>; body: Buffer }> {
  const match = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!match) throw new Error(`No boundary in content type ${contentType}`);
  const delimiter = Buffer.from(`--${match[1]}`);
  const parts: Array<{ headers: Record<string, string>; body: Buffer }> = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    const next = body.indexOf(Buffer.from(`\r\n--${match[1]}`), headerEnd);
    if (headerEnd === -1 || next === -1) throw new Error('Truncated multipart body');
    const headers: Record<string, string> = {};
    for (const line of body.subarray(afterDelimiter, headerEnd).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: body.subarray(headerEnd + 4, next) });
    start = next + 2;
  }
  return parts;
}

/** A STOW-RS request body with one DICOM Part 10 file per part. */
export function stowBody(files: Buffer[], boundary = 'readroom-stow-boundary'): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const file of files) chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), file, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/related; type="application/dicom"; boundary=${boundary}` };
}
