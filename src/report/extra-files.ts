/** The report files beside metrics.json and report.md that the artifact carries. */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Samples } from '../metrics/samples.js'
import { confusionMatrixSvg } from './confusion-svg.js'
import type { MetricsDocument } from './metrics-json.js'
import { misclassifiedCsv } from './misclassified.js'

export async function writeExtraReportFiles(outputDir: string, doc: MetricsDocument, samples: Samples): Promise<string[]> {
  const svg = path.join(outputDir, 'confusion-matrix.svg')
  const csv = path.join(outputDir, 'misclassified.csv')
  await writeFile(svg, confusionMatrixSvg(doc.classes, doc.confusion_matrix))
  await writeFile(csv, misclassifiedCsv(samples, doc.classes))
  return [svg, csv]
}
