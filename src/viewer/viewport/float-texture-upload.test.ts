import vtkOpenGLTexture from '@kitware/vtk.js/Rendering/OpenGL/Texture.js';
import { describe, expect, it, vi } from 'vitest';
import { convertFramesFast, float32Copy, installFastFloatUploads, type FloatUploadTexture, type TextureClass } from './float-texture-upload.ts';

const GL_FLOAT = 0x1406;
const GL_SHORT = 0x1402;

function fakeTexture(openGLDataType: number): FloatUploadTexture & { original: ReturnType<typeof vi.fn> } {
  const original = vi.fn(() => ['vtk']);
  return {
    original,
    updateArrayDataTypeForGL: original,
    getOpenGLDataType: () => openGLDataType,
    getWidth: () => 3,
    getHeight: () => 2,
    getComponents: () => 1,
  };
}

describe('float32Copy', () => {
  it('holds the same values as vtk.js’s conversion, cut to the texture’s size', () => {
    const frame = Int16Array.from([-1024, -1, 0, 1, 3071, 32767, -32768, 99]);
    expect(Array.from(float32Copy(frame, 6))).toEqual(Array.from(new Float32Array(frame.subarray(0, 6))));
    expect(Array.from(float32Copy(Uint16Array.from([0, 65535]), 6))).toEqual([0, 65535]);
  });

  it('writes into the buffer it is given when that is large enough', () => {
    const into = new Float32Array(4);
    const copy = float32Copy(Int16Array.from([7, -8, 9]), 4, into);
    expect(copy.buffer).toBe(into.buffer);
    expect(Array.from(copy)).toEqual([7, -8, 9]);
    expect(float32Copy(Int16Array.from([1, 2, 3, 4, 5]), 5, into).buffer).not.toBe(into.buffer);
  });
});

describe('convertFramesFast', () => {
  it('converts the frames of a float texture itself', () => {
    const texture = fakeTexture(GL_FLOAT);
    convertFramesFast(texture);
    const [converted, missing] = texture.updateArrayDataTypeForGL('Int16Array', [Int16Array.from([5, -7, 9, 1, 2, 3, 4]), null]);
    expect(converted).toBeInstanceOf(Float32Array);
    expect(Array.from(converted as Float32Array)).toEqual([5, -7, 9, 1, 2, 3]);
    expect(missing).toBeNull();
    expect(texture.original).not.toHaveBeenCalled();
  });

  it('converts frame after frame into one buffer the texture keeps, several frames at once into arrays of their own', () => {
    const texture = fakeTexture(GL_FLOAT);
    convertFramesFast(texture);
    const [first] = texture.updateArrayDataTypeForGL('Int16Array', [Int16Array.from([1, 2, 3, 4, 5, 6])]);
    expect(Array.from(first as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    const [second] = texture.updateArrayDataTypeForGL('Uint16Array', [Uint16Array.from([6, 5, 4, 3, 2, 1])]);
    expect((second as Float32Array).buffer).toBe((first as Float32Array).buffer);
    expect(Array.from(second as Float32Array)).toEqual([6, 5, 4, 3, 2, 1]);
    const [a, b] = texture.updateArrayDataTypeForGL('Int16Array', [Int16Array.from([1, 1, 1, 1, 1, 1]), Int16Array.from([2, 2, 2, 2, 2, 2])]);
    expect((a as Float32Array).buffer).not.toBe((b as Float32Array).buffer);
    expect(Array.from(a as Float32Array)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(b as Float32Array)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('leaves other uploads to vtk.js: float data, other texel types, whole volumes and partial extents', () => {
    const frame = Int16Array.from([1, 2, 3, 4, 5, 6]);
    const floatTexture = fakeTexture(GL_FLOAT);
    convertFramesFast(floatTexture);
    floatTexture.updateArrayDataTypeForGL('Float32Array', [new Float32Array(6)]);
    floatTexture.updateArrayDataTypeForGL('Int16Array', [frame], true);
    floatTexture.updateArrayDataTypeForGL('Int16Array', [frame], false, [[0, 1, 0, 1, 0, 0]]);
    expect(floatTexture.original).toHaveBeenCalledTimes(3);
    const shortTexture = fakeTexture(GL_SHORT);
    convertFramesFast(shortTexture);
    expect(shortTexture.updateArrayDataTypeForGL('Int16Array', [frame])).toEqual(['vtk']);
  });
});

describe('installFastFloatUploads', () => {
  it('gives every texture the classes extending it build the fast conversion, once', () => {
    const textureClass: TextureClass = {
      extend: (publicAPI) => {
        Object.assign(publicAPI, fakeTexture(GL_FLOAT));
      },
    };
    installFastFloatUploads(textureClass);
    installFastFloatUploads(textureClass);
    const publicAPI = {} as FloatUploadTexture & { original: ReturnType<typeof vi.fn> };
    textureClass.extend(publicAPI, {});
    expect(Array.from(publicAPI.updateArrayDataTypeForGL('Int16Array', [Int16Array.from([1, 2])])[0] as Float32Array)).toEqual([1, 2]);
    expect(publicAPI.original).not.toHaveBeenCalled();
  });

  it('takes hold of vtk.js’s own texture class: a texture built by extending it converts frames with Float32Array#set', () => {
    installFastFloatUploads(vtkOpenGLTexture);
    const publicAPI: Record<string, unknown> = {};
    vtkOpenGLTexture.extend(publicAPI, {}, { width: 2, height: 1, components: 1 });
    (publicAPI as { setOpenGLDataType(t: number): void }).setOpenGLDataType(GL_FLOAT);
    const set = vi.spyOn(Float32Array.prototype, 'set');
    const [converted] = (publicAPI as unknown as FloatUploadTexture).updateArrayDataTypeForGL('Int16Array', [Int16Array.from([3, -4, 5])]);
    expect(Array.from(converted as Float32Array)).toEqual([3, -4]);
    expect(set).toHaveBeenCalledTimes(1);
    set.mockRestore();
  });
});
