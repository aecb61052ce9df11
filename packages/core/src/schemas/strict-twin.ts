import { type ZodType, z } from 'zod';

/** Strict twins of the lenient scalars (or factories for them, for twins built from a parameter). */
const registered = new WeakMap<ZodType, ZodType | (() => ZodType)>();
/** Derived twins, so every schema is walked once. */
const derived = new WeakMap<ZodType, ZodType>();

/**
 * Declares `strict` as the fast twin of `lenient`: it accepts a subset of what `lenient` accepts and, on
 * that subset, produces the same output. Returns `lenient`.
 * @public
 */
export function registerStrictTwin<T extends ZodType>(lenient: T, strict: ZodType | (() => ZodType)): T {
  registered.set(lenient, strict);
  return lenient;
}

/** Per schema: parses left that skip the strict twin, after it missed. */
const skipStrict = new WeakMap<ZodType, number>();
/** After a miss, this many parses go straight to the lenient schema (a vendor that always sends strings). */
const SKIP_AFTER_MISS = 32;

/**
 * `schema.safeParse(value)`, faster, with the same result. Two things make it faster:
 * - the schema's strict twin (see {@link strictTwinOf}) is tried first: without the lenient unions and
 *   their transforms, a page of rows parses several times faster. A miss costs one extra parse, so a
 *   schema whose responses keep needing coercion skips the twin for a while;
 * - both are run through `z.compile` (zod ≥ 4.6), which generates a parser for the whole tree. Measured on
 *   a Site Factory page of 100 sites: the list envelope's validation went from 66 µs to 15 µs, because
 *   a runtime parse through a `.transform()` also costs a lot of garbage collection that the compiled
 *   one does not (`npm run bench call-overhead`: 1.43 → 1.24).
 * Use it inside transforms that parse an inner schema themselves (raw-payload wrappers, list envelopes),
 * which neither the twin nor the compiler can see into.
 * @public
 */
export function safeParseFast<T extends ZodType>(schema: T, value: unknown): z.ZodSafeParseResult<z.output<T>> {
  const twin = strictTwinOf(schema);
  if (twin !== schema) {
    const skip = skipStrict.get(schema) ?? 0;
    if (skip > 0) skipStrict.set(schema, skip - 1);
    else {
      const fast = compiledOf(twin).safeParse(value);
      if (fast.success) return fast as z.ZodSafeParseResult<z.output<T>>;
      skipStrict.set(schema, SKIP_AFTER_MISS);
    }
  }
  return compiledOf(schema).safeParse(value) as z.ZodSafeParseResult<z.output<T>>;
}

/** Compiled schemas, each built once. */
const compiled = new WeakMap<ZodType, ZodType>();
/** Parses of schemas not compiled yet. */
const uses = new WeakMap<ZodType, number>();
/**
 * A schema is compiled on its second parse. Compiling costs 40–170 µs, more than one runtime parse, so a
 * schema built for a single call (a wrapper made per request) must not pay it every time.
 */
const COMPILE_ON_USE = 2;

/**
 * `z.compile(schema)`: zod generates a parser for the schema's whole tree (transforms and unions included)
 * that runs before its runtime parser and hands any input it rejects to the runtime, so issues are the
 * runtime's own. A schema it cannot compile comes back unchanged.
 */
function compiledOf<T extends ZodType>(schema: T): T {
  const fast = compiled.get(schema);
  if (fast) return fast as T;
  const seen = (uses.get(schema) ?? 0) + 1;
  if (seen < COMPILE_ON_USE) {
    uses.set(schema, seen);
    return schema;
  }
  const built = z.compile(schema);
  compiled.set(schema, built);
  uses.delete(schema);
  return built as T;
}

interface Def {
  type: string;
  shape?: Record<string, ZodType>;
  catchall?: ZodType;
  element?: ZodType;
  innerType?: ZodType;
  options?: readonly ZodType[];
  keyType?: ZodType;
  valueType?: ZodType;
  in?: ZodType;
  out?: ZodType;
  checks?: readonly unknown[];
}

/**
 * The strict twin of a schema: the same schema with every registered lenient part (see `lenient.ts`)
 * replaced by its strict twin, through objects, arrays, optionals, nullables, unions and pipes
 * (`.transform()` and `z.preprocess` are pipes, so transforms around a structure keep working). Returns the
 * schema itself when it has no lenient parts. Parts hidden inside a transform's closure, and objects or
 * arrays carrying refinements, are kept as they are.
 *
 * The twin accepts a subset of the schema's inputs and gives the same output for them, with one caveat
 * for unions: an option that coerces must not come before an option that accepts the coerced value as it
 * is (`union([lenientString, z.number()])` reads `5` as `"5"`, its twin as `5`).
 * @public
 */
export function strictTwinOf<T extends ZodType>(schema: T): ZodType<z.output<T>> {
  const cached = derived.get(schema);
  if (cached) return cached as ZodType<z.output<T>>;
  const known = registered.get(schema);
  const twin = known === undefined ? derive(schema) : typeof known === 'function' ? known() : known;
  derived.set(schema, twin);
  return twin as ZodType<z.output<T>>;
}

function derive(schema: ZodType): ZodType {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const hasChecks = (def.checks?.length ?? 0) > 0;
  switch (def.type) {
    case 'object': {
      if (hasChecks || !def.shape) return schema;
      let changed = false;
      const shape: Record<string, ZodType> = {};
      for (const [key, field] of Object.entries(def.shape)) {
        shape[key] = strictTwinOf(field);
        if (shape[key] !== field) changed = true;
      }
      const catchall = def.catchall ? strictTwinOf(def.catchall) : undefined;
      if (catchall !== def.catchall) changed = true;
      if (!changed) return schema;
      return catchall ? z.object(shape).catchall(catchall) : z.object(shape);
    }
    case 'array': {
      if (hasChecks || !def.element) return schema;
      const element = strictTwinOf(def.element);
      return element === def.element ? schema : z.array(element);
    }
    case 'record': {
      if (!def.keyType || !def.valueType) return schema;
      const value = strictTwinOf(def.valueType);
      return value === def.valueType ? schema : z.record(def.keyType as z.ZodString, value);
    }
    case 'optional':
    case 'nullable': {
      if (!def.innerType) return schema;
      const inner = strictTwinOf(def.innerType);
      if (inner === def.innerType) return schema;
      return def.type === 'optional' ? inner.optional() : inner.nullable();
    }
    case 'union': {
      if (!def.options) return schema;
      const options = def.options.map((option) => strictTwinOf(option));
      return options.every((option, index) => option === def.options?.[index])
        ? schema
        : z.union(options as unknown as [ZodType, ZodType, ...ZodType[]]);
    }
    case 'pipe': {
      if (!def.in || !def.out) return schema;
      const input = strictTwinOf(def.in);
      const output = strictTwinOf(def.out);
      return input === def.in && output === def.out ? schema : z.pipe(input, output);
    }
    default:
      return schema;
  }
}
