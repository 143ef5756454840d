"""Writes the PALETTE COLOR sample series with pydicom (scripts/samples/palette/palette-study.ts runs it).

Reads one JSON object on stdin: {"outDir": ..., "study": {...}, "series": [{...}, ...]} (UIDs, names and
recipes come from the TypeScript side, which also writes the manifest). Every file is deterministic: no
dates, times or UIDs are made up here.

The recipes cover the class of inputs that drew a black viewport: palette LUT data as OW (8- and 16-bit
entries), a segmented palette (discrete, linear and indirect segments), a descriptor whose first mapped
value is not 0, a 65,536-entry table (descriptor entry count 0) for 16-bit pixels, writers' quirks
(descriptor 8 bits with 16-bit words, descriptor 16 bits with 8-bit values), multi-frame cine with a
frame time, RLE Lossless (odd segment lengths padded) and native pixel data of odd length.
"""

import json
import math
import struct
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, RLELossless

US_MULTIFRAME = '1.2.840.10008.5.1.4.1.1.3.1'
PATCH = 16


def clamp16(v):
    return max(0, min(65535, int(round(v))))


def lut16(entries):
    """Three 16-bit tables with distinct, smooth curves whose values are not multiples of 257."""
    r, g, b = [], [], []
    for i in range(entries):
        t = i / (entries - 1)
        r.append(clamp16(65535 * t ** 0.8))
        g.append(clamp16(65535 * math.sin(math.pi * t) ** 2))
        b.append(clamp16(65535 - 52000 * t - 3000 * math.sin(7 * t)))
    return r, g, b


def lut8(entries):
    r, g, b = [], [], []
    for i in range(entries):
        t = i / (entries - 1)
        r.append(int(round(255 * t)))
        g.append(int(round(255 * (1 - t))))
        b.append(int(round(127.5 + 127 * math.sin(2 * math.pi * t))))
    return r, g, b


def words(values):
    return struct.pack('<%dH' % len(values), *values)


def octets(values):
    data = bytes(values)
    return data + (b'\0' if len(data) % 2 else b'')


# Segmented tables (PS3.3 C.7.9.2), 16-bit words: opcode, length, data. Linear segments have odd lengths,
# so no interpolated value is ever exactly halfway between two integers (readers round differently there).
SEGMENTED_RED = [0, 3, 0, 1000, 2000, 1, 253, 65535]
SEGMENTED_GREEN = [0, 2, 65535, 65000, 1, 127, 0, 1, 127, 40000]
# The indirect segment (opcode 2: copy 1 segment; offset 20, low word first) points at the linear segment
# that starts at word 10. The offset is a byte offset (PS3.3 C.7.9.2.3), i.e. word 10; pydicom 2.3 reads it
# as a word index, i.e. word 20, where an identical segment stands, so both readings expand alike.
SEGMENTED_BLUE = [0, 2, 0, 5000, 1, 61, 60000, 1, 5, 30000, 1, 61, 10000, 1, 5, 60000, 2, 1, 20, 0, 1, 61, 10000]


def palette(recipe, bits_allocated):
    """(descriptor, {red, green, blue} element values, segmented?)."""
    kind = recipe['lut']
    if kind == 'lut16':
        r, g, b = lut16(256)
        return [256, 0, 16], (words(r), words(g), words(b)), False
    if kind == 'lut8':
        r, g, b = lut8(256)
        return [256, 0, 8], (octets(r), octets(g), octets(b)), False
    if kind == 'first-mapped16':
        r, g, b = lut16(200)
        return [200, 16, 16], (words(r), words(g), words(b)), False
    if kind == 'full16':
        # 65,536 entries: the descriptor's entry count is 0 (PS3.3 C.7.6.3.1.5).
        r = list(range(65536))
        g = [65535 - i for i in range(65536)]
        b = [(i * 4) & 0xFFFF for i in range(65536)]
        return [0, 0, 16], (words(r), words(g), words(b)), False
    if kind == 'words8':
        # A writer's quirk: the descriptor says 8 bits per entry, the data holds one 16-bit word per entry.
        r, g, b = lut8(256)
        return [256, 0, 8], (words(r), words(g), words(b)), False
    if kind == 'values8in16':
        # The other quirk: the descriptor says 16 bits per entry, the values only use 8 of them.
        r, g, b = lut8(256)
        return [256, 0, 16], (words(r), words(g), words(b)), False
    if kind == 'segmented16':
        return [256, 0, 16], (words(SEGMENTED_RED), words(SEGMENTED_GREEN), words(SEGMENTED_BLUE)), True
    raise ValueError('unknown palette recipe %r' % kind)


def frames(recipe):
    """Palette indices: a ramp, and patches of 16 x 16 pixels with a known index each (shifted per frame)."""
    rows, columns, count, bits = recipe['rows'], recipe['columns'], recipe['frames'], recipe['bitsAllocated']
    top = 1 << bits
    out = np.zeros((count, rows, columns), dtype=np.uint8 if bits == 8 else np.uint16)
    y, x = np.mgrid[0:rows, 0:columns]
    for f in range(count):
        if bits == 8:
            a = (x + 2 * y + 3 * f) % top
        else:
            a = (x * 500 + y * 131 + f * 977) % top
        for p, (pr, pc) in enumerate(patches(recipe)):
            a[pr:pr + PATCH, pc:pc + PATCH] = patch_value(recipe, p, f)
        out[f] = a
    return out


def patches(recipe):
    across = (recipe['columns'] - 8) // PATCH
    down = (recipe['rows'] - 8) // PATCH
    return [(4 + r * PATCH, 4 + c * PATCH) for r in range(down) for c in range(across)]


def patch_value(recipe, p, f):
    if recipe['bitsAllocated'] == 8:
        return (37 * p + 29 * f + 5) % 256
    return (1871 * p + 5003 * f + 11) % 65536


def build(study, series, out_path):
    recipe = series['recipe']
    pixels = frames(recipe)
    descriptor, (red, green, blue), segmented = palette(recipe, recipe['bitsAllocated'])
    rle = recipe['transferSyntax'] == 'rle'

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = US_MULTIFRAME
    meta.MediaStorageSOPInstanceUID = series['sopInstanceUID']
    meta.TransferSyntaxUID = RLELossless if rle else ExplicitVRLittleEndian
    meta.ImplementationClassUID = '2.25.1953011400418316542102958066230613425'
    meta.ImplementationVersionName = 'READROOM_PYDICOM'

    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SpecificCharacterSet = 'ISO_IR 192'
    ds.SOPClassUID = US_MULTIFRAME
    ds.SOPInstanceUID = series['sopInstanceUID']
    ds.StudyDate = study['date']
    ds.StudyTime = study['time']
    ds.AccessionNumber = study['accessionNumber']
    ds.Modality = 'US'
    ds.Manufacturer = 'Readroom'
    ds.ManufacturerModelName = 'pydicom %s' % pydicom.__version__
    ds.InstitutionName = 'Readroom Test Hospital'
    ds.ReferringPhysicianName = study['referringPhysician']
    ds.StudyDescription = study['description']
    ds.SeriesDescription = series['description']
    ds.PatientName = study['patientName']
    ds.PatientID = study['patientId']
    ds.IssuerOfPatientID = study['issuerOfPatientId']
    ds.PatientBirthDate = study['patientBirthDate']
    ds.PatientSex = study['patientSex']
    ds.BodyPartExamined = 'HEART'
    ds.StudyInstanceUID = study['studyInstanceUID']
    ds.SeriesInstanceUID = series['seriesInstanceUID']
    ds.StudyID = '1'
    ds.SeriesNumber = series['number']
    ds.InstanceNumber = 1
    ds.PatientOrientation = ''
    ds.ImageType = ['ORIGINAL', 'PRIMARY']
    ds.BurnedInAnnotation = 'NO'
    ds.NumberOfFrames = recipe['frames']
    ds.FrameTime = '40'
    ds.add_new(0x00280009, 'AT', [0x00181063])  # Frame Increment Pointer: Frame Time
    ds.CineRate = 25
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'PALETTE COLOR'
    ds.Rows = recipe['rows']
    ds.Columns = recipe['columns']
    ds.BitsAllocated = recipe['bitsAllocated']
    ds.BitsStored = recipe['bitsAllocated']
    ds.HighBit = recipe['bitsAllocated'] - 1
    ds.PixelRepresentation = 0
    for colour, data in zip(('Red', 'Green', 'Blue'), (red, green, blue)):
        ds.add_new(pydicom.datadict.tag_for_keyword('%sPaletteColorLookupTableDescriptor' % colour), 'US', descriptor)
        keyword = ('Segmented%sPaletteColorLookupTableData' if segmented else '%sPaletteColorLookupTableData') % colour
        ds.add_new(pydicom.datadict.tag_for_keyword(keyword), 'OW', data)

    if rle:
        # pydicom's own RLE encoder (Most Significant byte segment first, odd segments padded).
        ds.compress(RLELossless, pixels if recipe['frames'] > 1 else pixels[0], encoding_plugin='pydicom')
    else:
        data = pixels.tobytes()
        ds.PixelData = data + (b'\0' if len(data) % 2 else b'')
        ds['PixelData'].VR = 'OW' if recipe['bitsAllocated'] == 16 else 'OB'

    pydicom.dcmwrite(out_path, ds, write_like_original=False)


def main():
    spec = json.load(sys.stdin)
    for series in spec['series']:
        build(spec['study'], series, series['path'])


if __name__ == '__main__':
    main()
