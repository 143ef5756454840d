/** WebGL's FLOAT texel type (gl.FLOAT). */
const GL_FLOAT = 0x1406;

type FrameData = ArrayLike<number> & { subarray(begin: number, end?: number): ArrayLike<number> };

/** What of a vtk.js OpenGL texture the faster upload uses (vtkOpenGLTexture's own methods). */
export interface FloatUploadTexture {
  updateArrayDataTypeForGL(dataType: string, data: Array<FrameData | null>, depth?: boolean, imageExtents?: unknown[]): unknown[];
  getOpenGLDataType(dataType: string): number;
  getWidth(): number;
  getHeight(): number;
  getComponents(): number;
}

/**
 * The first `count` values of `data` as 32-bit floats, written into `into` when it is large enough (the
 * answer is then a view of it) or else into a new array.
 */
export function float32Copy(data: FrameData, count: number, into?: Float32Array): Float32Array {
  const source = data.length > count ? data.subarray(0, count) : data;
  const out = into && into.length >= source.length ? into.subarray(0, source.length) : new Float32Array(source.length);
  out.set(source);
  return out;
}

/**
 * Gives a texture (its public API, before vtk.js freezes it) the fast conversion of frames to floats: where
 * the texture holds floats, vtk.js converts each frame it uploads with `new Float32Array(frame)`; anything
 * else (float data, other texel types, whole-volume or partial uploads) keeps vtk.js's own conversion.
 *
 * A single frame (how Cornerstone's streaming volume texture uploads, frame by frame) is converted into one
 * buffer the texture keeps: its callers hand the answer straight to texSubImage3D / texImage2D, which copy
 * it before they return, so the next upload may overwrite it. Writing into fresh memory is what made the
 * conversion slow: on the benchmark machine a 512² frame took 3.4 ms into a new array and 0.11 ms into one
 * already written (Chromium 156; V8 allocating is cheap, the first write to each new page is not).
 */
export function convertFramesFast(texture: FloatUploadTexture): void {
  const original = texture.updateArrayDataTypeForGL;
  let frameBuffer: Float32Array | undefined;
  texture.updateArrayDataTypeForGL = (dataType, data, depth = false, imageExtents = []) => {
    if (depth || imageExtents.length > 0 || dataType === 'Float32Array' || texture.getOpenGLDataType(dataType) !== GL_FLOAT) {
      return original(dataType, data, depth, imageExtents);
    }
    const count = texture.getWidth() * texture.getHeight() * texture.getComponents();
    if (data.length !== 1 || !data[0]) return data.map((frame) => (frame ? float32Copy(frame, count) : null));
    if (!frameBuffer || frameBuffer.length !== count) frameBuffer = new Float32Array(count);
    return [float32Copy(data[0], count, frameBuffer)];
  };
}

/** vtk.js's OpenGL texture class as its module exports it. */
export interface TextureClass {
  extend(publicAPI: object, model: object, initialValues?: object): void;
}

const installed = new WeakSet<TextureClass>();

/**
 * Frames uploaded to Cornerstone's volume textures (every class that extends vtk.js's OpenGL texture, as
 * Cornerstone's streaming texture does) are converted to floats the fast way. Where a volume texture holds
 * floats (no 16-bit normalised textures, as on a software renderer), vtk.js converts each 16-bit frame into a
 * new Float32Array (see convertFramesFast for the cost). In the browser's traces that conversion took half
 * or more of each draw of an MPR plane while its volume filled. Once per page.
 */
export function installFastFloatUploads(textureClass: TextureClass): void {
  if (installed.has(textureClass)) return;
  installed.add(textureClass);
  const extend = textureClass.extend;
  textureClass.extend = (publicAPI, model, initialValues) => {
    extend(publicAPI, model, initialValues);
    convertFramesFast(publicAPI as FloatUploadTexture);
  };
}
