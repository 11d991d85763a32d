import { describe, expect, it } from 'vitest'
import { annotate } from './odata-format.js'

const at = { root: 'http://host/odata', set: 'task', namespace: 'ObjectStack' }

describe('annotate', () => {
  it('puts the context, then the control information, then the properties in their order', () => {
    const entity = { id: 'a1', title: 'one', done: false }
    const out = annotate(entity, at, 'full', 'W/"tag"', 'http://host/odata/$metadata#task/$entity')
    expect(Object.keys(out)).toEqual([
      '@odata.context',
      '@odata.type',
      '@odata.id',
      '@odata.editLink',
      '@odata.etag',
      'id',
      'title',
      'done',
    ])
    expect(out['@odata.id']).toBe("http://host/odata/task('a1')")
    expect(out['@odata.etag']).toBe('W/"tag"')
    expect(out['title']).toBe('one')
  })

  it('leaves out what is not given and everything under odata.metadata=none', () => {
    const entity = { id: 'a1', title: 'one' }
    expect(Object.keys(annotate(entity, at, 'minimal', undefined))).toEqual(['id', 'title'])
    expect(annotate(entity, at, 'none', 'W/"tag"', 'ctx')).toBe(entity)
  })

  it('keeps a __proto__ property as a property, as a spread would', () => {
    const entity = JSON.parse('{"id":"a1","__proto__":{"polluted":true}}') as Record<
      string,
      unknown
    >
    const out = annotate(entity, at, 'minimal', 'W/"tag"')
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(['@odata.etag', 'id', '__proto__'])
    const spread = { '@odata.etag': 'W/"tag"', ...entity }
    expect(JSON.stringify(out)).toBe(JSON.stringify(spread))
  })
})
