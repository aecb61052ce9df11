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
        // safeParseFast also runs the schemas compiled (z.compile) from their second parse on: same data,
        // same issues.
        const fast = safeParseFast(page, value);
        expect(fast.success).toBe(lenient.success);
        if (fast.success && lenient.success) expect(fast.data).toEqual(lenient.data);
        if (!fast.success && !lenient.success) expect(fast.error.issues).toEqual(lenient.error.issues);
      }),
      { numRuns: 500 },
    );
  });
});

describe('safeParseFast, compiled', () => {
  // A list envelope as the vendor packages write them: a transform that parses its items itself.
  const envelope = z.unknown().transform((value, context) => {
    const items = (value as { items?: unknown } | null)?.items;
    const parsed = safeParseFast(z.array(row), items);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });

  it('keeps prototype-polluting keys out of its output, on every parse', () => {
    const hostile = JSON.parse(
      '{"id":"1","name":"a","__proto__":{"polluted":true},"constructor":{"prototype":{"p":1}}}',
    );
    for (let parse = 0; parse < 5; parse += 1) {
      const fast = safeParseFast(row, hostile);
      const runtime = row.safeParse(hostile);
      expect(fast.success && runtime.success).toBe(true);
      expect(fast.data).toEqual(runtime.data);
      expect(Object.getPrototypeOf(fast.data)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('runs transforms that parse inside them, and reports their issues as the runtime does', () => {
    const good = {
      items: [
        { id: '7', name: 'a', size: '2.5' },
        { id: 8, name: 'b', extra: [1] },
      ],
    };
    const bad = { items: [{ id: 'x', name: 'a' }] };
    for (let parse = 0; parse < 5; parse += 1) {
      expect(safeParseFast(envelope, good)).toEqual(envelope.safeParse(good));
      const fast = safeParseFast(envelope, bad);
      expect(fast.success).toBe(false);
      expect(fast.error?.issues).toEqual(envelope.safeParse(bad).error?.issues);
    }
  });
});
