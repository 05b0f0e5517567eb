/**
 * Token ids from a tokenizer.json equal the reference: fixtures/inputs/text-wp-tokens.json holds the
 * ids of a BERT WordPiece tokenizer written out in make_text.py from the tokenizers library's
 * algorithm (Debian has no python3-tokenizers), whole and truncated at max-length; bpe-tokens.json
 * those of a GPT-2 style byte-level BPE written out in make_bpe.py.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { TextTokenizer } from '../src/data/text.js'
import { ROOT } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'inputs')
const golden = JSON.parse(readFileSync(path.join(FIX, 'text-wp-tokens.json'), 'utf8')) as { max_length: number; texts: string[]; ids: number[][]; truncated: number[][] }

describe('TextTokenizer', () => {
  it('gives the reference WordPiece ids on every golden text (case, accents, punctuation, unknown words, ## pieces, control characters)', async () => {
    const t = await TextTokenizer.load(path.join(FIX, 'text-wp', 'tokenizer.json'))
    expect(golden.texts.length).toBeGreaterThan(30)
    expect(golden.texts.map((s) => t.encode(s).ids)).toEqual(golden.ids)
    // the goldens exercise what they claim: ## pieces and [UNK] (id 1) occur
    const vocab = JSON.parse(readFileSync(path.join(FIX, 'text-wp', 'tokenizer.json'), 'utf8')).model.vocab as Record<string, number>
    const pieces = new Set(Object.entries(vocab).filter(([k]) => k.startsWith('##')).map(([, v]) => v))
    expect(golden.ids.flat().some((id) => pieces.has(id))).toBe(true)
    expect(golden.ids.flat()).toContain(1)
  })

  it('truncates at max-length keeping [CLS] and [SEP], as tokenizers does', async () => {
    const t = await TextTokenizer.load(path.join(FIX, 'text-wp', 'tokenizer.json'))
    expect(golden.texts.map((s) => t.encode(s, golden.max_length).ids)).toEqual(golden.truncated)
    expect(golden.truncated.some((ids, i) => ids.length < golden.ids[i]!.length)).toBe(true)
    expect(t.padId).toBe(0)
  })

  it('gives the reference byte-level BPE ids (GPT-2 pre-tokenizer and merges: spaces, digits, accents, emoji, CJK)', async () => {
    const bpe = JSON.parse(readFileSync(path.join(FIX, 'bpe-tokens.json'), 'utf8')) as { texts: string[]; ids: number[][] }
    const t = await TextTokenizer.load(path.join(FIX, 'bpe', 'tokenizer.json'))
    expect(bpe.texts.length).toBeGreaterThan(30)
    expect(bpe.texts.map((s) => t.encode(s).ids)).toEqual(bpe.ids)
    // the goldens exercise merges (ids past the 256 byte tokens) and bytes of multi-byte characters
    expect(bpe.ids.flat().filter((id) => id >= 256).length).toBeGreaterThan(100)
    expect(bpe.ids[bpe.texts.findIndex((s) => s.includes('🙂'))]!.length).toBeGreaterThan(6)
  })

  it('refuses a file that is not a tokenizer.json, naming the input', async () => {
    await expect(TextTokenizer.load(path.join(FIX, 'text-wp-tokens.json'))).rejects.toThrow(/tokenizer: .* has no "model" section/)
    await expect(TextTokenizer.load(path.join(FIX, 'text-wp-test.csv'))).rejects.toThrow(/tokenizer: .* is not JSON/)
  })
})
