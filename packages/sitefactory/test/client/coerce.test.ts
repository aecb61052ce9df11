/**
 * The building blocks of every response schema: numbers sent as strings, strings sent as numbers, PHP
 * booleans and PHP's empty map (`[]` for `{}`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bool, dict, idValue, num, str } from '../../src/client/coerce.js';

describe('coercion', () => {
  it('reads numbers sent as strings, and strings sent as numbers', () => {
    fc.assert(
      fc.property(fc.integer(), (value) => {
        expect(num.parse(String(value))).toBe(value);
        expect(num.parse(value)).toBe(value);
        expect(str.parse(value)).toBe(String(value));
      }),
    );
    expect(num.safeParse('16 tasks').success).toBe(false);
    expect(num.safeParse('').success).toBe(false);
    expect(idValue.safeParse('-3').success).toBe(false);
    expect(idValue.parse('191')).toBe(191);
  });

  it('reads PHP booleans and PHP’s empty map', () => {
    expect([true, false, 1, 0, '1', '0', 'true', 'false'].map((value) => bool.parse(value))).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(bool.safeParse('yes').success).toBe(false);
    expect(dict(z.string()).parse([])).toEqual({});
    expect(dict(z.string()).parse({ 1: 'demo_01' })).toEqual({ 1: 'demo_01' });
    expect(dict(z.string()).safeParse(['demo_01']).success).toBe(false);
  });
});
