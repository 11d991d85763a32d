import { describe, expect, it } from 'vitest'
import { expectCode, startKernel } from './kernel.test-utils.js'

describe('kernel create', () => {
  it('KRN-ID-001 KRN-STAMP-001 generates ids, keeps given ids, and stamps created_at/updated_at', async () => {
    const { kernel } = await startKernel()
    const generated = await kernel.create('user', { name: 'Ann' })
    expect(generated).toEqual({
      id: 'id-1',
      name: 'Ann',
      created_at: '2024-01-01T00:00:00.000Z',
      updated_at: '2024-01-01T00:00:00.000Z',
    })
    const given = await kernel.create('user', { id: 'u-ann', name: 'Ann 2', created_at: 'x' })
    expect(given.id).toBe('u-ann')
    expect(given.created_at).toBe('2024-01-01T00:00:01.000Z')
    expect(await kernel.findOne('user', 'u-ann')).toEqual(given)
  })

  it('KRN-ID-001 uses crypto.randomUUID by default', async () => {
    const { kernel } = await startKernel({ idGenerator: undefined })
    const record = await kernel.create('user', { name: 'Ann' })
    expect(record.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  it('fails a duplicate id with DUPLICATE_RECORD and leaves the stored record unchanged', async () => {
    const { kernel } = await startKernel()
    const first = await kernel.create('user', { id: 'u1', name: 'Ann' })
    await expectCode(kernel.create('user', { id: 'u1', name: 'Bob' }), 'DUPLICATE_RECORD')
    expect(await kernel.find('user')).toEqual([first])
  })

  it.each([5, '', ['a'], { x: 1 }])(
    'fails id %j with VALIDATION_FAILED and writes nothing',
    async (id) => {
      const { kernel } = await startKernel()
      const error = await expectCode(
        kernel.create('user', { id, name: 'Ann' } as never),
        'VALIDATION_FAILED',
      )
      expect(error.details?.['errors']).toEqual([
        expect.objectContaining({ field: 'id', rule: 'type' }),
      ])
      expect(await kernel.count('user')).toBe(0)
    },
  )

  describe('KRN-ID-002 an id with a lone UTF-16 surrogate', () => {
    const LONE = ['a\uD800b', '\uDFFF', 'tail\uD83D', '\uDE00head']
    const message = expect.stringContaining('well-formed Unicode')

    it.each(LONE)('%j fails create with VALIDATION_FAILED on id and writes nothing', async (id) => {
      const { kernel } = await startKernel()
      const error = await expectCode(
        kernel.create('user', { id, name: 'Ann' }),
        'VALIDATION_FAILED',
      )
      expect(error.details?.['errors']).toEqual([{ field: 'id', rule: 'type', message }])
      expect(await kernel.count('user')).toBe(0)
    })

    it('fails a whole createMany batch naming the record, and writes none of it', async () => {
      const { kernel } = await startKernel()
      const error = await expectCode(
        kernel.createMany('user', [
          { id: 'fine', name: 'Ann' },
          { id: 'x\uD800', name: 'Bob' },
        ]),
        'VALIDATION_FAILED',
      )
      expect(error.details?.['errors']).toEqual([{ index: 1, field: 'id', rule: 'type', message }])
      expect(await kernel.count('user')).toBe(0)
    })

    it('fails an id a before hook sets, through the bridge protocols use', async () => {
      const { kernel } = await startKernel()
      kernel.on('beforeCreate', 'user', (hook) => {
        if (hook.data !== undefined) hook.data['id'] = 'hook\uDBFF'
      })
      await expectCode(kernel.bridge.createData('user', { name: 'Ann' }), 'VALIDATION_FAILED')
      expect(await kernel.count('user')).toBe(0)
    })

    it('keeps ids with paired surrogates (emoji, astral characters)', async () => {
      const { kernel } = await startKernel()
      for (const id of ['rocket-\u{1F680}', '\uD83D\uDE00', '𝔘𝔫𝔦']) {
        expect((await kernel.create('user', { id, name: 'Ann' })).id).toBe(id)
        expect(await kernel.findOne('user', id)).toMatchObject({ id })
      }
      const batch = await kernel.createMany('user', [{ id: 'a🚀', name: 'Bob' }])
      expect(batch.map((record) => record.id)).toEqual(['a🚀'])
    })
  })

  it('never changes the caller’s object and returns copies', async () => {
    const { kernel } = await startKernel()
    const input = { name: 'Ann', tenant_id: 't1' }
    const created = await kernel.create('user', input)
    expect(input).toEqual({ name: 'Ann', tenant_id: 't1' })
    created.name = 'mutated'
    const [found] = await kernel.find('user')
    expect(found?.name).toBe('Ann')
  })

  it('fails a context that is not an object with INVALID_REQUEST, writing nothing', async () => {
    const { kernel } = await startKernel()
    await expectCode(kernel.create('user', { name: 'Ann' }, 'admin' as never), 'INVALID_REQUEST')
    await expectCode(kernel.find('user', {}, 5 as never), 'INVALID_REQUEST')
    expect(await kernel.count('user', undefined, null as never)).toBe(0)
  })

  it('fails non-object data and unstorable values with VALIDATION_FAILED, writing nothing', async () => {
    const { kernel } = await startKernel()
    await expectCode(kernel.create('user', [] as never), 'VALIDATION_FAILED')
    await expectCode(kernel.create('user', null as never), 'VALIDATION_FAILED')
    await expectCode(kernel.create('user', { name: 'a', tenant_id: () => 1 }), 'VALIDATION_FAILED')
    expect(await kernel.count('user')).toBe(0)
  })
})

describe('kernel update and delete', () => {
  it('KRN-STAMP-001 merges, refreshes updated_at, and never changes id or created_at', async () => {
    const { kernel } = await startKernel()
    const created = await kernel.create('task', { title: 'Write', priority: 1 })
    const updated = await kernel.update('task', created.id, { priority: 2, id: created.id })
    expect(updated).toEqual({
      ...created,
      priority: 2,
      updated_at: '2024-01-01T00:00:01.000Z',
    })
    expect(updated.created_at).toBe(created.created_at)
    expect(await kernel.findOne('task', created.id)).toEqual(updated)
  })

  it('KRN-STAMP-001 fails an id or created_at change with VALIDATION_FAILED and keeps the record', async () => {
    const { kernel } = await startKernel()
    const created = await kernel.create('task', { title: 'Write' })
    const error = await expectCode(
      kernel.update('task', created.id, {
        id: 'other',
        created_at: '2000-01-01T00:00:00Z',
        title: 'x',
      }),
      'VALIDATION_FAILED',
    )
    expect(error.details?.['errors']).toEqual([
      expect.objectContaining({ field: 'id', rule: 'readonly' }),
      expect.objectContaining({ field: 'created_at', rule: 'readonly' }),
    ])
    expect(await kernel.findOne('task', created.id)).toEqual(created)
    expect(await kernel.findOne('task', 'other')).toBeNull()
  })

  it('fails an update of a missing record with NOT_FOUND and creates nothing', async () => {
    const { kernel } = await startKernel()
    await expectCode(kernel.update('task', 'missing', { title: 'x' }), 'NOT_FOUND')
    expect(await kernel.count('task')).toBe(0)
  })

  it('deletes: true when it existed, false when it did not', async () => {
    const { kernel } = await startKernel()
    const created = await kernel.create('task', { title: 'Write' })
    expect(await kernel.delete('task', created.id)).toBe(true)
    expect(await kernel.delete('task', created.id)).toBe(false)
    expect(await kernel.findOne('task', created.id)).toBeNull()
  })

  it.each([
    ['findOne', (k: Awaited<ReturnType<typeof startKernel>>['kernel']) => k.findOne('task', '')],
    [
      'update',
      (k: Awaited<ReturnType<typeof startKernel>>['kernel']) => k.update('task', 7 as never, {}),
    ],
    [
      'delete',
      (k: Awaited<ReturnType<typeof startKernel>>['kernel']) => k.delete('task', null as never),
    ],
  ])('%s with a bad id fails with VALIDATION_FAILED', async (_op, call) => {
    const { kernel } = await startKernel()
    await kernel.create('task', { title: 'Keep' })
    await expectCode(call(kernel), 'VALIDATION_FAILED')
    expect(await kernel.count('task')).toBe(1)
  })
})

describe('kernel queries', () => {
  async function seeded() {
    const started = await startKernel()
    await started.kernel.createMany('task', [
      { id: 't1', title: 'Alpha', priority: 1, status: 'open' },
      { id: 't2', title: 'beta', priority: 3, status: 'done' },
      { id: 't3', title: 'Gamma', priority: 3 },
      { id: 't4', title: 'delta' },
    ])
    return started
  }

  it('KRN-AST-001 normalizes legacy query shapes at the door', async () => {
    const { kernel } = await seeded()
    const v3 = await kernel.find('task', {
      where: { priority: { $gte: 3 } },
      orderBy: [{ field: 'title', order: 'desc' }],
      limit: 1,
      fields: ['title'],
    })
    const legacy = await kernel.find('task', {
      filters: [['priority', '>=', 3]],
      sort: '-title',
      top: 1,
      select: ['title'],
    })
    expect(v3).toEqual([{ id: 't2', title: 'beta' }])
    expect(legacy).toEqual(v3)
  })

  it('KRN-AST-006 KRN-AST-007 fails an unknown operator with INVALID_FILTER and an unknown field with INVALID_FIELD', async () => {
    const { kernel } = await seeded()
    await expectCode(
      kernel.find('task', { where: { priority: { $regex: '.*' } } }),
      'INVALID_FILTER',
    )
    await expectCode(kernel.count('task', { nope: 1 }), 'INVALID_FIELD')
    await expectCode(
      kernel.find('task', { where: { priority: { $gt: 'high' } } }),
      'INVALID_FILTER',
    )
    await expectCode(kernel.find('task', { limit: -1 }), 'INVALID_QUERY')
    await expectCode(kernel.findOne('task', 't1', { limit: 1 }), 'INVALID_QUERY')
    expect(await kernel.count('task')).toBe(4)
  })

  it('counts with a raw filter, a legacy array or a query; paging in count is refused', async () => {
    const { kernel } = await seeded()
    expect(await kernel.count('task')).toBe(4)
    expect(await kernel.count('task', { priority: 3 })).toBe(2)
    expect(await kernel.count('task', { where: { priority: 3 } })).toBe(2)
    expect(await kernel.count('task', [['priority', '=', 3]])).toBe(2)
    expect(await kernel.count('task', { status: null })).toBe(0)
    expect(
      await kernel.count('task', { where: { status: 'open' }, orderBy: [{ field: 'title' }] }),
    ).toBe(3)
    await expectCode(kernel.count('task', { where: {}, limit: 1 }), 'INVALID_QUERY')
    expect((await kernel.find('task', { where: { priority: 3 } })).length).toBe(
      await kernel.count('task', { priority: 3 }),
    )
  })

  it('aggregates and collects distinct values through the pipeline', async () => {
    const { kernel } = await seeded()
    const rows = await kernel.aggregate('task', {
      groupBy: ['priority'],
      aggregations: [{ function: 'count', alias: 'n' }],
      orderBy: [{ field: 'priority', order: 'asc' }],
    })
    expect(rows).toEqual([
      { priority: null, n: 1 },
      { priority: 1, n: 1 },
      { priority: 3, n: 2 },
    ])
    expect(await kernel.distinct('task', 'priority')).toEqual([1, 3])
    expect(await kernel.distinct('task', 'status', { priority: 3 })).toEqual(['done', 'open'])
    await expectCode(kernel.distinct('task', 'nope'), 'INVALID_FIELD')
    await expectCode(kernel.aggregate('task', {}), 'INVALID_QUERY')
  })

  it('findOne honours fields and returns null for a missing id', async () => {
    const { kernel } = await seeded()
    expect(await kernel.findOne('task', 't1', { fields: ['title'] })).toEqual({
      id: 't1',
      title: 'Alpha',
    })
    expect(await kernel.findOne('task', 'nope')).toBeNull()
    expect(await kernel.findOne('task', 't1', { where: { priority: 2 } })).toBeNull()
    expect((await kernel.findOne('task', 't1', { where: { priority: 1 } }))?.id).toBe('t1')
  })
})

describe('kernel createMany', () => {
  it('creates all records with hooks per record and returns them in order', async () => {
    const { kernel } = await startKernel()
    const seen: string[] = []
    kernel.on('beforeCreate', 'task', (ctx) => void seen.push(String(ctx.data?.['title'])))
    const created = await kernel.bulkCreate('task', [{ title: 'a' }, { id: 'given', title: 'b' }])
    expect(created.map((r) => [r.id, r.title, r.status])).toEqual([
      ['id-1', 'a', 'open'],
      ['given', 'b', 'open'],
    ])
    expect(seen).toEqual(['a', 'b'])
    expect(await kernel.count('task')).toBe(2)
  })

  it('KRN-VAL-001 writes nothing when any record is invalid and lists every problem with its index', async () => {
    const { kernel } = await startKernel()
    const error = await expectCode(
      kernel.createMany('task', [{ title: 'ok' }, { title: '' }, { title: 'x', priority: 9 }]),
      'VALIDATION_FAILED',
    )
    expect(error.details?.['errors']).toEqual([
      expect.objectContaining({ index: 1, field: 'title', rule: 'required' }),
      expect.objectContaining({ index: 2, field: 'priority', rule: 'max' }),
    ])
    expect(await kernel.count('task')).toBe(0)
  })

  it('checks unique values against the store and inside the batch, writing nothing', async () => {
    const { kernel } = await startKernel()
    await kernel.create('user', { name: 'Ann', email: 'ann@x.io' })
    const error = await expectCode(
      kernel.createMany('user', [
        { name: 'A', email: 'ann@x.io' },
        { name: 'B', email: 'b@x.io' },
        { name: 'C', email: 'b@x.io' },
      ]),
      'VALIDATION_FAILED',
    )
    expect(error.details?.['errors']).toEqual([
      expect.objectContaining({ index: 2, field: 'email', rule: 'unique' }),
      expect.objectContaining({ index: 0, field: 'email', rule: 'unique' }),
    ])
    expect(await kernel.count('user')).toBe(1)
  })

  it('fails repeated or existing ids with DUPLICATE_RECORD before writing anything', async () => {
    const { kernel } = await startKernel()
    await kernel.create('task', { id: 'taken', title: 'x' })
    await expectCode(
      kernel.createMany('task', [
        { id: 'a', title: 'a' },
        { id: 'a', title: 'b' },
      ]),
      'DUPLICATE_RECORD',
    )
    await expectCode(
      kernel.createMany('task', [
        { id: 'new', title: 'a' },
        { id: 'taken', title: 'b' },
      ]),
      'DUPLICATE_RECORD',
    )
    expect((await kernel.find('task')).map((r) => r.id)).toEqual(['taken'])
    expect(await kernel.createMany('task', [])).toEqual([])
    await expectCode(kernel.createMany('task', 'x' as never), 'VALIDATION_FAILED')
  })
})
