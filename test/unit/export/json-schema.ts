/**
 * A small JSON Schema (draft 2020-12) validator for the keywords docs/export.schema.json uses:
 * $ref (local), type, const, enum, properties, required, additionalProperties: false, items,
 * minItems, maxItems, minLength, maxLength, pattern, minimum, oneOf. Any other keyword fails
 * loudly, so the schema cannot silently grow past what the tests check.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  '$id',
  '$defs',
  '$ref',
  'title',
  'description',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'oneOf',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Errors of `value` against `schema` (empty when valid), each as `path: problem`. */
export function validate(root: Schema, value: unknown, schema: Schema = root, path = ''): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`unsupported keyword ${key}`);
  const errors: string[] = [];
  const fail = (msg: string) => errors.push(`${path || '/'}: ${msg}`);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/$defs/', '');
    const target = (root.$defs as Record<string, Schema>)[name];
    if (!target) throw new Error(`unknown $ref ${schema.$ref}`);
    errors.push(...validate(root, value, target, path));
  }
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const ok = types.some((x) => x === t || (x === 'number' && t === 'integer'));
    if (!ok) return [...errors, `${path || '/'}: expected ${types.join(' or ')}, got ${t}`];
  }
  if ('const' in schema && !deepEqual(value, schema.const)) fail(`expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value))) fail('not one of the enum');
  if (t === 'string') {
    const s = value as string;
    const len = [...s].length;
    if (typeof schema.minLength === 'number' && len < schema.minLength) fail('too short');
    if (typeof schema.maxLength === 'number' && len > schema.maxLength) fail('too long');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(s)) fail('pattern');
  }
  if ((t === 'integer' || t === 'number') && typeof schema.minimum === 'number' && (value as number) < schema.minimum) {
    fail('below minimum');
  }
  if (t === 'array') {
    const arr = value as unknown[];
    if (typeof schema.minItems === 'number' && arr.length < schema.minItems) fail('too few items');
    if (typeof schema.maxItems === 'number' && arr.length > schema.maxItems) fail('too many items');
    if (schema.items) {
      for (const [i, v] of arr.entries()) errors.push(...validate(root, v, schema.items as Schema, `${path}/${i}`));
    }
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!Object.hasOwn(obj, key)) fail(`missing ${key}`);
    }
    for (const key of Object.keys(obj)) {
      if (Object.hasOwn(props, key)) errors.push(...validate(root, obj[key], props[key]!, `${path}/${key}`));
      else if (schema.additionalProperties === false) fail(`unknown property ${key}`);
    }
  }
  if (Array.isArray(schema.oneOf)) {
    const matches = (schema.oneOf as Schema[]).filter((s) => validate(root, value, s, path).length === 0).length;
    if (matches !== 1) fail(`matches ${matches} of oneOf`);
  }
  return errors;
}
