import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  lenientBoolean,
  lenientInteger,
  lenientNumber,
  lenientOptional,
  lenientString,
  safeParseFast,
  strictTwinOf,
} from '../src/index.js';

describe('lenient scalars', () => {
  it('accept the spellings vendors use and reject the rest', () => {
    expect(lenientNumber.parse('16')).toBe(16);
    expect(lenientNumber.parse(' 2.5 ')).toBe(2.5);
    expect(lenientNumber.safeParse('16abc').success).toBe(false);
    expect(lenientInteger.parse('191')).toBe(191);
    expect(lenientInteger.safeParse('1.5').success).toBe(false);
    expect(lenientString.parse(16)).toBe('16');
    expect(lenientString.safeParse(true).success).toBe(false);
    expect([1, '1', 'true', true].map((value) => lenientBoolean.parse(value))).toEqual([true, true, true, true]);
    expect([0, '0', 'false', false].map((value) => lenientBoolean.parse(value))).toEqual([false, false, false, false]);
    expect(lenientBoolean.safeParse('yes').success).toBe(false);
    const optionalNumber = lenientOptional(lenientNumber);
    expect(optionalNumber.parse(null)).toBeUndefined();
    expect(optionalNumber.parse(undefined)).toBeUndefined();
    expect(optionalNumber.parse('3')).toBe(3);
  });
});

const row = z.looseObject({
  id: lenientInteger,
  name: lenientString,
  size: lenientOptional(lenientNumber),
  enabled: lenientOptional(lenientBoolean),
  tags: lenientOptional(z.array(lenientString)),
  nested: z.looseObject({ count: lenientNumber }).optional(),
  either: z.union([lenientNumber, z.boolean()]).optional(),
  label: z
    .string()
    .transform((text) => text.toUpperCase())
    .optional(),
});
const page = z.looseObject({ total: lenientNumber, items: z.array(row) });

describe('strict twins', () => {
  it('replace lenient parts through objects, arrays, optionals, unions and pipes', () => {
    const twin = strictTwinOf(page);
    expect(twin).not.toBe(page);
    expect(twin.safeParse({ total: 1, items: [{ id: 1, name: 'a' }] }).success).toBe(true);
    expect(twin.safeParse({ total: '1', items: [] }).success).toBe(false);
    expect(twin.safeParse({ total: 1, items: [{ id: '1', name: 'a' }] }).success).toBe(false);
    expect(twin.safeParse({ total: 1, items: [{ id: 1, name: 'a', size: null }] }).success).toBe(false);
  });

  it('leave schemas without lenient parts alone, and keep unknown fields of loose objects', () => {
    const plain = z.looseObject({ a: z.number() });
    expect(strictTwinOf(plain)).toBe(plain);
    const twin = strictTwinOf(row);
    expect(twin.parse({ id: 1, name: 'a', extra: { kept: true } })).toEqual({
      id: 1,
      name: 'a',
      extra: { kept: true },
    });
  });

  it('give the same result as the lenient schema wherever they accept the input', () => {
    const scalar = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string(), fc.boolean(), fc.constant(null));
    const input = fc.record(
      {
        total: scalar,
        items: fc.array(
          fc.record(
            {
              id: scalar,
              name: scalar,
              size: scalar,
              enabled: scalar,
              tags: fc.array(scalar, { maxLength: 3 }),
              nested: fc.record({ count: scalar }),
              either: scalar,
              label: fc.string(),
              extra: fc.jsonValue({ maxDepth: 2 }),
            },
            { requiredKeys: ['id', 'name'] },
          ),
          { maxLength: 4 },
        ),
      },
      { requiredKeys: ['total', 'items'] },
    );
    const twin = strictTwinOf(page);
    fc.assert(
      fc.property(input, (value) => {
        const strict = twin.safeParse(value);
        const lenient = page.safeParse(value);
        if (strict.success) {
          expect(lenient.success).toBe(true);
          expect(strict.data).toEqual(lenient.success ? lenient.data : undefined);
        }
        const fast = safeParseFast(page, value);
        expect(fast.success).toBe(lenient.success);
        if (fast.success && lenient.success) expect(fast.data).toEqual(lenient.data);
      }),
      { numRuns: 500 },
    );
  });
});
