/** The registry scenarios against a real MLflow 3.x server (MODEL_GATE_MLFLOW_3_URI, started by npm test). */
import { realServerSuite } from './helpers/registry-scenarios.js'

realServerSuite('3.5.1', 'MODEL_GATE_MLFLOW_3_URI')
