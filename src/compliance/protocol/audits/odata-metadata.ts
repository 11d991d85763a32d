import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check, describeResponse, expectStatus } from '../protocol-checks.js'
import { resourcePath } from './odata-client.js'

/** One `<Property>` or `<NavigationProperty>` of an entity type. */
export interface CsdlMember {
  readonly name: string
  readonly type: string
  readonly attributes: Readonly<Record<string, string>>
}

/** What the audits read from one `<EntityType>` of a CSDL XML document. */
export interface CsdlEntityType {
  readonly keys: readonly string[]
  readonly properties: ReadonlyMap<string, CsdlMember>
  readonly navigations: ReadonlyMap<string, CsdlMember>
}

function attributesOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const match of tag.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/g)) {
    out[match[1] as string] = match[2] as string
  }
  return out
}

function members(body: string, element: string): Map<string, CsdlMember> {
  const out = new Map<string, CsdlMember>()
  const pattern = new RegExp(`<(?:[\\w-]+:)?${element}\\b([^>]*)>`, 'g')
  for (const match of body.matchAll(pattern)) {
    const attributes = attributesOf(match[1] ?? '')
    const name = attributes['Name']
    if (name !== undefined) out.set(name, { name, type: attributes['Type'] ?? '', attributes })
  }
  return out
}

/**
 * The `<EntityType Name="name">` of a CSDL XML document, or undefined. A small reader for the
 * few elements the audits need (any namespace prefix), not a validating XML parser.
 */
export function csdlEntityType(xml: string, name: string): CsdlEntityType | undefined {
  const open = new RegExp(`<((?:[\\w-]+:)?EntityType)\\b[^>]*\\bName="${name}"[^>]*>`)
  const start = open.exec(xml)
  if (start === null) return undefined
  const end = xml.indexOf(`</${start[1] as string}>`, start.index)
  const body = xml.slice(start.index + start[0].length, end < 0 ? undefined : end)
  const keyBlock = /<(?:[\w-]+:)?Key\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?Key>/.exec(body)?.[1] ?? ''
  const keys = [...members(keyBlock, 'PropertyRef').keys()]
  return {
    keys,
    properties: members(body, 'Property'),
    navigations: members(body, 'NavigationProperty'),
  }
}

/** The `Name`/`EntityType` pairs of every `<EntitySet>` in the document. */
export function csdlEntitySets(xml: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const member of members(xml, 'EntitySet').values()) {
    out.set(member.name, member.attributes['EntityType'] ?? '')
  }
  return out
}

/** Fetches `$metadata` as XML; fails unless it is a 200 XML document. */
export async function fetchMetadata(ctx: ProtocolAuditContext): Promise<string> {
  const response = await ctx.transport.request({
    method: 'GET',
    path: resourcePath(ctx, '$metadata'),
    headers: { accept: 'application/xml' },
  })
  expectStatus(response, 200, 'GET $metadata')
  const type = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  check(type === 'application/xml', '$metadata must be application/xml', describeResponse(response))
  return response.text
}

/**
 * The navigation property of `prt_items` that points to `prt_owners` (upstream calls it
 * `owner_ref`; the audits read the name from `$metadata` instead of assuming it).
 */
export function ownerNavigation(xml: string): string | undefined {
  const type = csdlEntityType(xml, 'prt_items')
  if (type === undefined) return undefined
  for (const nav of type.navigations.values()) {
    if (/(^|\.)prt_owners$/.test(nav.type)) return nav.name
  }
  return undefined
}
