import fc from 'fast-check'

/** A request body as bytes on the wire plus the content type it is sent with. */
export interface FuzzBody {
  readonly payload: Buffer | string | undefined
  readonly contentType: string | undefined
}

/** Seed for every fuzz property; printed so a failure can be replayed. */
export const FUZZ_SEED = Number(process.env['OBJECTQL_FUZZ_SEED'] ?? 20261124)

/** Runs per fuzzed endpoint. */
export const FUZZ_RUNS = Number(process.env['OBJECTQL_FUZZ_RUNS'] ?? 200)

/** Scalar and structured values of every JSON type, including strings with lone surrogates. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(''),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    'low',
    'normal',
    'high',
    'planned',
    'active',
    'APL',
    '2030-01-01',
    '2030-01-01T00:00:00Z',
    '12:30',
  ),
)

/** A record-like object mixing declared field names with unknown and hostile keys. */
export function recordLike(fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fields, 'id', 'created_at', 'updated_at') },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('$and', '$or', '$where', 'constructor', 'toString') },
  )
  return fc.dictionary(key, anyValue, { maxKeys: 8 })
}

function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
}

/**
 * Bodies a hostile or careless client sends: valid JSON of the wrong shape, records with
 * wrong types and unknown fields, malformed JSON, invalid UTF-8, deep nesting, oversized
 * payloads, and wrong or missing content types.
 */
export function fuzzBody(fields: readonly string[], maxBodyBytes: number): fc.Arbitrary<FuzzBody> {
  const json = (value: unknown): string => JSON.stringify(value) ?? 'null'
  const payload: fc.Arbitrary<Buffer | string | undefined> = fc.oneof(
    { weight: 6, arbitrary: recordLike(fields).map(json) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(recordLike(fields), fc.uint8Array({ minLength: 1, maxLength: 4 }))
        .map(([record, bytes]) => {
          const text = json(record)
          return Buffer.concat([
            Buffer.from(text.slice(0, -1) + ',"x":"'),
            Buffer.from([0xff, ...bytes]),
            Buffer.from('"}'),
          ])
        }),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map(nested) },
    { weight: 1, arbitrary: fc.constant(json({ title: 'x'.repeat(maxBodyBytes + 1) })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  )
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/merge-patch+json',
        undefined,
      ),
    },
  )
  return fc.record({ payload, contentType })
}

/** Query-string values: known parameters with hostile values, and unknown parameters. */
export const fuzzQuery: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'filter',
          'filters',
          'sort',
          'orderBy',
          'fields',
          'select',
          'limit',
          'top',
          'offset',
          'skip',
          'cursor',
          'count',
        ),
        fc.string({ maxLength: 8 }),
      ),
      fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        fc.constantFrom(
          '-1',
          '1001',
          '99999999999999999999',
          'NaN',
          'title,-done',
          'title sideways',
          'eyJ2IjoxfQ',
          '[["title","=","x"]]',
          '{"title":{"$regex":"x"}}',
          '{"$or":[]}',
        ),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs.length === 0
      ? ''
      : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
  )
