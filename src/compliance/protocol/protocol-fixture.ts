import type { ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * The objects every protocol audit works on. A server under audit must serve them (write them
 * as YAML with `objectql conform --write-fixture <dir>` and load that folder). Audits only touch
 * records whose `run` field holds their own run id, so several runs, or a server with other data
 * in these objects, never disturb each other.
 */
export const PROTOCOL_FIXTURE_OBJECTS: readonly ObjectConfig[] = Object.freeze<ObjectConfig[]>([
  {
    name: 'prt_owners',
    label: 'Owner',
    fields: {
      name: { type: 'text', required: true, maxLength: 200 },
      run: { type: 'text', required: true },
    },
  },
  {
    name: 'prt_items',
    label: 'Item',
    fields: {
      name: { type: 'text', required: true, maxLength: 200 },
      run: { type: 'text', required: true },
      qty: { type: 'number', min: 0 },
      price: { type: 'currency' },
      active: { type: 'boolean' },
      status: {
        type: 'select',
        options: [
          { label: 'Open', value: 'open' },
          { label: 'Done', value: 'done' },
        ],
      },
      due: { type: 'date' },
      notes: { type: 'textarea' },
      owner: { type: 'lookup', reference: 'prt_owners' },
    },
  },
])

/** The fixture's object names, as audits use them. */
export const PRT_ITEMS = 'prt_items'
/** The lookup target of `prt_items.owner`. */
export const PRT_OWNERS = 'prt_owners'
