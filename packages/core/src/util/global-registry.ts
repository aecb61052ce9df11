/**
 * Process-wide singletons shared by every copy of `@omnihost/core` that is loaded.
 *
 * A program can load core twice (its ESM and CJS builds, or two versions in node_modules). Token caches
 * and rate limiters must still be shared, or two copies would each spend the full vendor budget. So the
 * state lives on `globalThis` under a registered symbol rather than in module scope.
 */
const STORE = Symbol.for('omnihost.global-registry.v1');

type Store = Map<string, unknown>;

function store(): Store {
  const holder = globalThis as unknown as Record<symbol, Store | undefined>;
  let map = holder[STORE];
  if (!map) {
    map = new Map();
    holder[STORE] = map;
  }
  return map;
}

/** Returns the shared value for `key`, creating it with `create` on first use. @internal */
export function globalSingleton<T>(key: string, create: () => T): T {
  const map = store();
  if (!map.has(key)) map.set(key, create());
  return map.get(key) as T;
}
