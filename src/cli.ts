/** Placeholder until the CLI issue: the same engine from a terminal. */
export {}
