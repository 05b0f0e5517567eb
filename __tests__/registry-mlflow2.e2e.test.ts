/** The registry scenarios against a real MLflow 2.17.2 server (MODEL_GATE_MLFLOW_2_URI, started by npm test). */
import { realServerSuite } from './helpers/registry-scenarios.js'

realServerSuite('2.17.2', 'MODEL_GATE_MLFLOW_2_URI')
