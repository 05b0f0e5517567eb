/** The pure parts of the image reader and the progress line; decoding itself is tested through dist/. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { compareCodePoints, cropOffset, headerSize, resizedSize } from '../src/data/images.js'
import { formatSeconds, progressInterval, progressObserver } from '../src/progress.js'
import { ROOT } from './helpers/run-dist.js'

describe('torchvision geometry', () => {
  it('sorts class names by code point, as Python does (upper case first, astral after BMP)', () => {
    const names = ['banana', 'Zebra', 'apple', '\u{1F34E}', '\uFF21', '_x', '10', '9']
    // sorted(['banana', 'Zebra', 'apple', '🍎', 'Ａ', '_x', '10', '9']) in Python
    expect([...names].sort(compareCodePoints)).toEqual(['10', '9', 'Zebra', '_x', 'apple', 'banana', '\uFF21', '\u{1F34E}'])
    expect([...names].sort()).not.toEqual([...names].sort(compareCodePoints)) // UTF-16 order puts U+FF21 after the emoji
  })

  it('resizes the shorter side and truncates the longer, as Resize(int) does', () => {
    // torchvision.transforms.functional._compute_resized_output_size, e.g. (h=30, w=40) -> 28: (28, 37)
    expect(resizedSize(40, 30, 28)).toEqual([37, 28])
    expect(resizedSize(30, 44, 28)).toEqual([28, 41])
    expect(resizedSize(500, 375, 256)).toEqual([341, 256])
    expect(resizedSize(35, 35, 28)).toEqual([28, 28])
  })

  it('center-crop offsets round half to even and pad when the crop is larger', () => {
    // int(round((h - c) / 2.0)): 37-24 = 13 -> round(6.5) = 6; 41-24 = 17 -> round(8.5) = 8; 27-24 -> round(1.5) = 2
    expect(cropOffset(37, 24)).toBe(6)
    expect(cropOffset(41, 24)).toBe(8)
    expect(cropOffset(27, 24)).toBe(2)
    expect(cropOffset(28, 24)).toBe(2)
    // padding (c - h) // 2 on the top/left: 21 -> 24 pads 1 above, 2 below
    expect(cropOffset(21, 24)).toBe(-1)
    expect(cropOffset(20, 24)).toBe(-2)
  })
})

describe('progress line', () => {
  it('reports samples done, samples/s and ETA at most every interval', () => {
    const lines: string[] = []
    let t = 0
    const observe = progressObserver({ info: (m) => lines.push(m), warning: () => {}, group: (_n, fn) => fn() }, 1000, 5000, () => t)
    const batch = (n: number, at: number) => {
      t = at
      observe(new Float64Array(0), new Int32Array(0), n, 0, 2, 'logits')
    }
    batch(100, 1000)
    batch(100, 5000)
    batch(100, 6000)
    batch(100, 10000)
    expect(lines).toEqual(['progress: 200/1000 (20.0%) samples, 40 samples/s, ETA 20s', 'progress: 400/1000 (40.0%) samples, 40 samples/s, ETA 15s'])
  })

  it('formats durations and reads the interval from the environment', () => {
    expect([formatSeconds(59.4), formatSeconds(61), formatSeconds(3700), formatSeconds(Infinity)]).toEqual(['59s', '1m01s', '1h01m', '?'])
    expect(progressInterval({})).toBe(5000)
    expect(progressInterval({ MODEL_GATE_PROGRESS_SECONDS: '0.5' })).toBe(500)
    expect(progressInterval({ MODEL_GATE_PROGRESS_SECONDS: 'x' })).toBe(5000)
  })
})

describe('image header sizes', () => {
  it('reads width and height of the fixture PNGs and JPEGs as PIL does (sizes from make_fixtures.py)', () => {
    const dir = path.join(ROOT, 'fixtures', 'images', 'shapes')
    // zebra_00 is drawn 40×30 (SIZES[0]), apple_01 30×44... : SIZES[(i + c) % 6] for class c
    const SIZES = [[40, 30], [30, 44], [28, 28], [52, 33], [35, 35], [61, 40]]
    const cases: [string, number][] = [['Zebra/zebra_00.jpg', 0], ['Zebra/zebra_01.png', 1], ['apple/apple_00.jpg', 1], ['banana/banana_03.png', 5], ['banana/banana_04.jpg', 0]]
    for (const [f, s] of cases) {
      const [width, height] = SIZES[s]!
      expect([f, headerSize(readFileSync(path.join(dir, f)))]).toEqual([f, { width, height }])
    }
    expect(headerSize(Buffer.from('GIF89a........'))).toBeUndefined()
    expect(headerSize(Buffer.from([0xff, 0xd8, 0x00, 0x00]))).toBeUndefined()
  })
})
