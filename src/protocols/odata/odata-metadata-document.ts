import type { ODataEntityType, ODataModel, ODataProperty } from './odata-edm.js'

/** Escapes text for an XML attribute value. */
export function xmlAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function attributes(pairs: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(pairs)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${xmlAttribute(String(value))}"`)
    .join('')
}

function propertyXml(property: ODataProperty): string {
  const type = property.collection ? `Collection(${property.edmType})` : property.edmType
  return `        <Property${attributes({
    Name: property.name,
    Type: type,
    Nullable: property.nullable ? undefined : 'false',
    MaxLength: property.maxLength,
  })}/>`
}

function entityTypeXml(type: ODataEntityType, namespace: string): string {
  const lines = [
    `      <EntityType${attributes({ Name: type.name })}>`,
    '        <Key><PropertyRef Name="id"/></Key>',
    ...[...type.properties.values()].map(propertyXml),
  ]
  for (const nav of type.navigations.values()) {
    const target = `${namespace}.${nav.target}`
    lines.push(
      `        <NavigationProperty${attributes({
        Name: nav.name,
        Type: nav.collection ? `Collection(${target})` : target,
      })}>`,
    )
    if (!nav.collection) {
      lines.push(
        `          <ReferentialConstraint${attributes({ Property: nav.field, ReferencedProperty: 'id' })}/>`,
      )
    }
    lines.push('        </NavigationProperty>')
  }
  lines.push('      </EntityType>')
  return lines.join('\n')
}

function entitySetXml(type: ODataEntityType, namespace: string): string {
  const bindings = [...type.navigations.values()].map(
    (nav) =>
      `          <NavigationPropertyBinding${attributes({ Path: nav.name, Target: nav.target })}/>`,
  )
  const open = `        <EntitySet${attributes({ Name: type.name, EntityType: `${namespace}.${type.name}` })}`
  return bindings.length === 0
    ? `${open}/>`
    : [`${open}>`, ...bindings, '        </EntitySet>'].join('\n')
}

/**
 * The service's CSDL XML (`$metadata`), generated from the model: one `EntityType` per object
 * keyed on `id` (`Edm.String`), its fields as properties (required fields `Nullable="false"`,
 * `maxLength` as `MaxLength`, multi-value fields as collections), one `NavigationProperty`
 * `<field>_ref` per lookup with a `ReferentialConstraint` on the lookup field, and an
 * `EntityContainer` named `Container` with one `EntitySet` per object and its navigation
 * bindings. Version 4.01 because json-like fields are `Edm.Untyped`.
 */
export function buildMetadataDocument(model: ODataModel): string {
  const namespace = model.namespace
  const types = [...model.types.values()]
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.01" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema${attributes({ Namespace: namespace })} xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...types.map((type) => entityTypeXml(type, namespace)),
    '      <EntityContainer Name="Container">',
    ...types.map((type) => entitySetXml(type, namespace)),
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n')
}
