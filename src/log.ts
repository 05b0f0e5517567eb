/** Where the engine reports progress; main.ts backs it with @actions/core, the CLI with the console. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  /** One collapsible section per phase. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export const silentLogger: Logger = {
  info: () => {},
  warning: () => {},
  group: (_name, fn) => fn()
}
