/** Classification or regression: the `task` input, or for `auto` what the labels are. */
import { openTestSet } from '../data/index.js'
import type { TestSet } from '../data/types.js'
import type { Config } from '../inputs.js'
import { TargetMap } from './targets.js'

export interface Opened {
  readonly testSet: TestSet
  readonly targets: TargetMap
  readonly regression: boolean
}

/**
 * Opens the test set once for either task. With `auto`, labels that are not whole numbers (or are
 * negative) mean regression; array test sets show every label when opened, a CSV shows them as
 * it streams, so its first rows are read to decide.
 */
export async function openForTask(config: Config): Promise<Opened> {
  const targets = new TargetMap(config.classNames, config.task === 'auto' ? 'probe' : config.task)
  const testSet = await openTestSet(config, targets)
  if (config.task !== 'auto') return { testSet, targets, regression: config.task === 'regression' }
  // An image folder names its classes: always classification, and no image is decoded to find out.
  if (testSet.classNames !== undefined) {
    targets.mode = 'classification'
    return { testSet, targets, regression: false }
  }
  if (targets.seen === 0) {
    for await (const _ of testSet.batches(256)) break
  }
  targets.mode = targets.continuous ? 'regression' : 'classification'
  return { testSet, targets, regression: targets.continuous }
}
