/**
 * The tasks model-gate knows, and which one a run is: the `task` input, or for `auto` what the
 * test set's labels are. A new task is one folder here and one line in TASKS.
 */
import type { TestSet } from '../data/types.js'
import { InputError } from '../errors.js'
import { classification } from './classification/index.js'
import { regression } from './regression/index.js'
import type { GateInputs, Task, TaskEvaluation } from './task.js'

export type AnyTask = Task<TaskEvaluation & any, any, GateInputs & any>

/** The first is the default: what `auto` picks when no other task claims the labels. */
export const TASKS: readonly AnyTask[] = [classification, regression]

/** Labels looked at to decide `task: auto`. */
export const PROBE_SAMPLES = 256

/** The task a run's name asks for; throws naming the ones there are. */
export function taskNamed(name: string): AnyTask | undefined {
  if (name === 'auto') return undefined
  const task = TASKS.find((t) => t.name === name)
  if (!task) throw new InputError(`input 'task' is '${name}': use auto, ${TASKS.map((t) => t.name).join(', ')}`, 'task')
  return task
}

/**
 * The task of a run. With `auto`: classes named by the test set (an image folder) or by class-names
 * make it the default task's, and no image is decoded to find out; otherwise the first 256 labels
 * are read and the first other task that claims them wins (regression: a label that is a fraction,
 * or below 0).
 */
export async function chooseTask(name: string, testSet: TestSet, classNames?: readonly string[]): Promise<AnyTask> {
  const named = taskNamed(name)
  if (named) return named
  const [fallback, ...others] = TASKS
  // Labels named through class-names are classes: a fraction among them is a bad label, not a regression target.
  if (testSet.classNames !== undefined || classNames !== undefined) return fallback!
  for await (const batch of testSet.labelBatches ? testSet.labelBatches(PROBE_SAMPLES) : testSet.batches(PROBE_SAMPLES)) {
    return others.find((t) => t.claims?.(batch.labels, testSet)) ?? fallback!
  }
  return fallback!
}
