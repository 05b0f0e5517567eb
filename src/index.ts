/** The Action's entry point (action.yml runs dist/index.js). */
import { run } from './main.js'

await run()
