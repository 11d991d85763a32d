import { describe, expect, it } from 'vitest'
import { runExample } from './run-example.js'

describe('examples/project-tracker', () => {
  it('runs the operations through hooks and reports each bad input with its code', async () => {
    const lines = await runExample(() => undefined)
    expect(lines).toContain('loaded objects: projects, tasks, users')
    expect(lines).toContain('beforeCreate tasks: tags normalised to ["content","seo"]')
    // isModified: the second `done: true` write changes nothing, so the hook logs once.
    expect(lines.filter((line) => line.includes('is now done'))).toHaveLength(1)
    expect(lines).toContain('tasks still open: 1')
    expect(lines.find((line) => line.startsWith('unknown operator:'))).toContain('INVALID_FILTER')
    expect(lines.find((line) => line.startsWith('wrong type:'))).toContain('VALIDATION_FAILED')
    expect(lines.find((line) => line.startsWith('duplicate id:'))).toContain('DUPLICATE_RECORD')
    expect(lines.find((line) => line.startsWith('hook refuses delete:'))).toContain('open task')
    expect(lines).toContain('projects stored after the failed writes: 1')
  })
})
