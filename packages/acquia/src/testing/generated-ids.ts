import { seededRandom } from '@omnihost/core/testing';

/** A 32-bit hash of (seed, index, salt): the entropy for one generated id, without storing anything. */
export function mix(seed: number, index: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

function hex(random: () => number, digits: number): string {
  let out = '';
  while (out.length < digits)
    out += Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return out.slice(0, digits);
}

/**
 * A version-4-shaped UUID whose last 12 hex digits are `index`, so the index can be read back from the
 * uuid (no lookup table: a million-site fleet costs no memory) and the rest varies with the seed.
 */
export function indexedUuid(seed: number, index: number, salt: number): string {
  const random = seededRandom(mix(seed, index, salt));
  const variant = '89ab'[Math.floor(random() * 4)] as string;
  const tail = index.toString(16).padStart(12, '0');
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${variant}${hex(random, 3)}-${tail}`;
}

/** The index encoded in {@link indexedUuid}'s last group, if `uuid` has the shape. */
export function indexOfUuid(uuid: string): number | undefined {
  const match = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-([0-9a-f]{12})$/.exec(uuid.toLowerCase());
  return match?.[1] ? Number.parseInt(match[1], 16) : undefined;
}

/** A random (seeded) UUID for things the simulator creates: notifications, tokens. */
export function randomUuid(random: () => number): string {
  const variant = '89ab'[Math.floor(random() * 4)] as string;
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}`;
}
