/**
 * A JPEG's colour space read from its frame header (SOF), so that sharp decodes it in one call
 * instead of two: the metadata call pil-decode.ts makes to learn the space first cost about as much
 * as the decode itself for a small JPEG (each call crosses into libvips and back). The space is the
 * one libvips reports from the same header: 1 component grey ('b-w'), 3 sRGB (YCbCr or Adobe RGB,
 * which libjpeg turns into RGB), 4 CMYK (or YCCK).
 *
 * Only a plain marker sequence is read: SOI, then segments with their lengths, up to the first
 * frame header. Anything else (a truncated segment, a scan before any frame, 12-bit or 2-component
 * data, a frame header too short) returns undefined, and the metadata call decides as before; sharp
 * still decodes the file and refuses it if it is damaged.
 */

export type JpegSpace = 'b-w' | 'srgb' | 'cmyk'

const SPACES: Readonly<Record<number, JpegSpace>> = { 1: 'b-w', 3: 'srgb', 4: 'cmyk' }

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc

/** The colour space of a JPEG's first frame, or undefined where it cannot be told plainly. */
export function jpegSpace(b: Uint8Array): JpegSpace | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined
  let at = 2
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined
    const marker = b[at + 1]!
    // fill bytes: any number of 0xFF before a marker
    if (marker === 0xff) {
      at++
      continue
    }
    // markers without a length: TEM and RST0–7 (not expected before a frame; left to libvips)
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9) || marker === 0xda) return undefined
    const length = (b[at + 2]! << 8) | b[at + 3]!
    if (length < 2 || at + 2 + length > b.length) return undefined
    if (isFrame(marker)) {
      // precision (1), height (2), width (2), components (1)
      if (length < 8) return undefined
      const precision = b[at + 4]!
      const components = b[at + 9]!
      if (precision !== 8 || length !== 8 + 3 * components) return undefined
      return SPACES[components]
    }
    at += 2 + length
  }
  return undefined
}
