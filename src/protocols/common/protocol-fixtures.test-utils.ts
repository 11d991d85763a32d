import type { ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * The project-tracker objects in their loaded form (types filled in), for protocol tests that
 * need metadata without reading YAML.
 */
export const TRACKER_OBJECTS: readonly ObjectConfig[] = [
  {
    name: 'projects',
    label: 'Project',
    fields: {
      name: { type: 'text', required: true, maxLength: 80 },
      code: { type: 'text', required: true, unique: true, pattern: '^[A-Z]{2,5}$' },
      status: {
        type: 'select',
        options: [
          { label: 'Planned', value: 'planned' },
          { label: 'Active', value: 'active' },
          { label: 'Done', value: 'done' },
        ],
        defaultValue: 'planned',
      },
      budget: { type: 'currency', min: 0 },
      starts_on: { type: 'date' },
    },
  },
  {
    name: 'tasks',
    fields: {
      title: { type: 'text', required: true, minLength: 3, maxLength: 200 },
      project: { type: 'lookup', reference: 'projects', required: true },
      assignee: { type: 'lookup', reference: 'users' },
      priority: {
        type: 'select',
        options: [
          { label: 'Low', value: 'low' },
          { label: 'Normal', value: 'normal' },
          { label: 'High', value: 'high' },
        ],
        defaultValue: 'normal',
      },
      estimate_hours: { type: 'number', min: 0, max: 1000 },
      done: { type: 'boolean', defaultValue: false },
      tags: { type: 'tags', multiple: true },
      due_at: { type: 'datetime' },
      meta: { type: 'json' },
    },
  },
  {
    name: 'users',
    fields: {
      name: { type: 'text', required: true },
      email: { type: 'email', required: true, unique: true },
      active: { type: 'boolean', defaultValue: true },
    },
  },
]

/** The declared fields of the tracker's `tasks`, in declaration order (fuzzers build bodies from them). */
export const TASK_FIELDS: readonly string[] = Object.keys(
  TRACKER_OBJECTS.find((object) => object.name === 'tasks')?.fields ?? {},
)
