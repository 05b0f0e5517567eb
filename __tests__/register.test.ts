/** register's waiting and its refusals, on the in-memory registry (the HTTP path runs against real servers in the registry e2e scenarios). */
import { describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { FakeRegistry } from '../__fixtures__/fake-registry.js'
import type { RunContext } from '../src/github/context.js'
import { silentLogger } from '../src/log.js'
import { mlmodelYaml, registerModel, REGISTER_KEY_TAG } from '../src/registry/register.js'
import { ROOT } from './helpers/run-dist.js'

const FILE = path.join(ROOT, 'fixtures', 'classify', 'iris-mlp.onnx')
const context = { eventName: 'push', sha: 'abc123' } as unknown as RunContext
const options = { experiment: 'e', context, log: silentLogger, pollMs: 1, waitSeconds: 1 }

describe('registerModel', () => {
  it('waits while the version is PENDING_REGISTRATION, then points the alias at it', async () => {
    const r = new FakeRegistry()
    let polls = 0
    r.hooks.set('getVersion', (reg) => {
      const v = reg.models.get('m')!.versions.get('1')!
      v.status = ++polls < 3 ? 'PENDING_REGISTRATION' : 'READY'
    })
    const got = await registerModel(r, FILE, { name: 'm', kind: 'alias', alias: 'challenger' }, options)
    expect(got).toMatchObject({ name: 'm', version: '1', created: true })
    expect(polls).toBeGreaterThanOrEqual(3)
    expect(r.alias('m', 'challenger')).toBe('1')
    expect(r.tags('m', '1')[REGISTER_KEY_TAG]).toMatch(/^[0-9a-f]{64}@abc123$/)
  })

  it('a version whose registration failed, or never finishes, is an error that says what to do', async () => {
    const failed = new FakeRegistry()
    failed.hooks.set('getVersion', (reg) => (reg.models.get('m')!.versions.get('1')!.status = 'FAILED_REGISTRATION'))
    await expect(registerModel(failed, FILE, { name: 'm', kind: 'stage', stage: 'Staging' }, options)).rejects.toThrow(/register: version 1 of m is FAILED_REGISTRATION .*register again/)
    const slow = new FakeRegistry()
    slow.hooks.set('getVersion', (reg) => (reg.models.get('m')!.versions.get('1')!.status = 'PENDING_REGISTRATION'))
    await expect(registerModel(slow, FILE, { name: 'm', kind: 'stage', stage: 'Staging' }, options)).rejects.toThrow(/still PENDING_REGISTRATION after 1 s; re-run later \(the version is found again, not registered twice\)/)
    // the re-run finds it by its tag
    slow.hooks.clear()
    slow.models.get('m')!.versions.get('1')!.status = 'READY'
    expect(await registerModel(slow, FILE, { name: 'm', kind: 'stage', stage: 'Staging' }, options)).toMatchObject({ version: '1', created: false })
    expect(slow.calls.filter((c) => c.startsWith('createVersion'))).toHaveLength(1)
  })

  it('refuses a version number in model, and a file that is not there', async () => {
    const r = new FakeRegistry()
    await expect(registerModel(r, FILE, { name: 'm', kind: 'version', version: '3' }, options)).rejects.toThrow(/input 'register' needs model to name where the new version goes/)
    await expect(registerModel(r, 'nope.onnx', { name: 'm', kind: 'alias', alias: 'a' }, options)).rejects.toThrow(/input 'register': cannot read nope\.onnx \(no such file\)/)
    expect(r.writes()).toEqual([])
  })

  it("writes the onnx flavor's MLmodel as mlflow.onnx.save_model does", () => {
    const text = mlmodelYaml('r1', 1212, new Date('2026-01-02T03:04:05.678Z'))
    expect(text).toMatch(/^artifact_path: model\nflavors:\n {2}onnx:\n/)
    expect(text).toContain('    data: model.onnx\n')
    expect(text).toContain('    loader_module: mlflow.onnx\n')
    expect(text).toContain("utc_time_created: '2026-01-02 03:04:05.678000'")
    expect(text).toContain('model_size_bytes: 1212\nmodel_uuid: ')
  })
})
