/** The registry scenarios against a real MLflow 3.x server (MODEL_GATE_MLFLOW_3_URI, started by npm test), and what 3.x does differently. */
import { describe, expect, it } from '@jest/globals'
import { realBackend, Rest } from './helpers/registry-backend.js'
import { event, expectOneError, gate, GOOD, realServerSuite, sha } from './helpers/registry-scenarios.js'

realServerSuite('3.x', 'MODEL_GATE_MLFLOW_3_URI', (open) => {
  describe('MLflow 3 only', () => {
    it('a version whose source is a logged model (models:/m-…), as MLflow 3 log_model + register_model leave it', async () => {
      const r = await open()
      const rest = new Rest(process.env.MODEL_GATE_MLFLOW_3_URI!)
      try {
        const exp = await rest.experiment('train')
        const info = (await rest.call('POST', 'logged-models', { experiment_id: exp, name: 'model' })).model.info
        await rest.put(`${String(info.artifact_uri).replace(/^mlflow-artifacts:\/+/, '')}/model.onnx`, GOOD)
        await rest.call('POST', 'registered-models/create', { name: 'digits' })
        await rest.call('POST', 'model-versions/create', { name: 'digits', source: `models:/${info.model_id}`, model_id: info.model_id })
        const run = await gate(r, { model: 'models:/digits/1' })
        expect(run.code).toBe(0)
        expect(run.metrics().model).toMatchObject({ version: '1', sha256: sha(GOOD) })
      } finally {
        await r.stop()
      }
    })

    it('a Host name the server does not know gets 403 "Invalid Host header": named for what it is, with --allowed-hosts as the fix', async () => {
      const seeded = await open()
      await seeded.addVersion('digits', { 'model.onnx': Buffer.from('x') }, 'Staging')
      await seeded.stop()
      // what a service container's name (http://mlflow:5000) sends, through a proxy that keeps the Host header
      const r = await realBackend('MLflow 3.x', process.env.MODEL_GATE_MLFLOW_3_URI!, { host: 'mlflow:5000' })
      try {
        const run = await gate(r, { model: 'models:/digits/Staging' }, event('push'))
        expectOneError(run, /tracking-uri: .* answered 403 "Invalid Host header - possible DNS rebinding attack detected" to GET mlflow\/registered-models\/|to POST mlflow\/registered-models\/get-latest-versions/)
        expect(run.errors[0]).toMatch(/Start the server with --allowed-hosts/)
        expect(run.errors[0]).not.toMatch(/EDIT/)
      } finally {
        await r.stop()
      }
    })
  })
})
