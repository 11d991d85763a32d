/**
 * The label upstream generates from a name: words split at `_`, `-`, spaces and camelCase
 * humps, each capitalized (`project_task` -> `Project Task`, `dueDate` -> `Due Date`).
 */
export function toTitleCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ')
}
