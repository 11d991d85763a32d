import { describe, expect, it } from 'vitest'
import { toTitleCase } from './title-case.js'

describe('toTitleCase', () => {
  it.each([
    ['project_task', 'Project Task'],
    ['tasks', 'Tasks'],
    ['dueDate', 'Due Date'],
    ['due-date', 'Due Date'],
    ['__weird__name_', 'Weird Name'],
    ['created_at', 'Created At'],
    ['a', 'A'],
    ['ipv4_address', 'Ipv4 Address'],
  ])('%s -> %s', (name, label) => {
    expect(toTitleCase(name)).toBe(label)
  })
})
