/** report.md: the same Markdown as the pull-request comment and the job summary, without links. */
import { renderReport } from './comment.js'
import type { MetricsDocument } from './metrics-json.js'

export function renderMarkdown(doc: MetricsDocument): string {
  // report.md travels in the artifact, so it keeps every section (the size limit is the comment's)
  return renderReport(doc, { limit: Number.POSITIVE_INFINITY })
}
