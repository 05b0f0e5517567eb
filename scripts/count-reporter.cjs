// Prints the plain closing line "jest: N passed, N failed" that CI reads to know tests ran.
class CountReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    process.stdout.write(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed` +
        (skipped ? `, ${skipped} skipped` : '') + '\n'
    )
  }
}
module.exports = CountReporter
