/**
 * The raw client validates each operation's responses with one schema object, built once, whose strict
 * twin core can derive. Before, every call built a fresh `z.lazy(...)` around the schema: core's compile
 * and strict-twin caches (keyed by schema object) never hit, so a raw `get_Sites_getSites` page of 100
 * parsed on zod's slow path, a union at a time (call overhead 1.62 against 1.17 now, `bench/run.ts`).
 */
import { strictTwinOf } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import type { SiteFactoryOperationId } from '../../src/client/operations.js';
import { listItemSchemaOf, responseSchemaOf, SITE_FACTORY_OPERATIONS } from '../../src/client/operations.js';

const operationIds = Object.keys(SITE_FACTORY_OPERATIONS) as SiteFactoryOperationId[];

describe('sitefactory response schemas', () => {
  it('are one object per operation, whichever call asks', () => {
    for (const id of operationIds) {
      expect(responseSchemaOf(id), id).toBe(responseSchemaOf(id));
      expect(listItemSchemaOf(id), id).toBe(listItemSchemaOf(id));
    }
  });

  it('have a strict twin (no lazy wrapper hides their lenient fields)', () => {
    const sites = responseSchemaOf('get_Sites_getSites');
    const twin = strictTwinOf(sites);
    expect(twin).not.toBe(sites);
    // The twin reads the strict spelling as the lenient schema does, and leaves coercion to the lenient one.
    const page = { count: 1, sites: [{ id: 191, site: 'blog', stack_id: 1, created: 1_700_000_000 }] };
    expect(twin.parse(page)).toEqual(sites.parse(page));
    expect(twin.safeParse({ count: '1', sites: [] }).success).toBe(false);
    expect(sites.parse({ count: '1', sites: [{ id: '191' }] })).toMatchObject({ count: 1, sites: [{ id: 191 }] });
  });
});
