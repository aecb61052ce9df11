/**
 * The Rails XML encoder: request bodies it writes decode to the same values (examples and a fast-check
 * property), and what XML cannot carry is refused before sending.
 */
import { ValidationError } from '@omnihost/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRailsXml, decodeRailsXmlDocument, encodeRailsXml } from '../../src/index.js';

/** Values XML can carry without loss (see the property below for what is excluded and why). */
type RailsValue = null | boolean | number | string | RailsValue[] | { [key: string]: RailsValue };

// Names Object.prototype has: fast-xml-parser renames them, and no OnApp document uses them.
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const elementName = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,10}$/)
  .filter((name) => !PROTOTYPE_NAMES.has(name) && !name.startsWith('xml'));
// XML cannot carry control characters; the parser trims text, so ends must not be blank.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what XML 1.0 cannot carry.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const text = fc
  .string({ unit: 'grapheme', maxLength: 30 })
  .filter((value) => !NOT_IN_XML.test(value) && value.trim() === value && !value.includes('\r'));
const scalar: fc.Arbitrary<RailsValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Number.isInteger(value)),
  text,
);
const { value: railsValue } = fc.letrec<{ value: RailsValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    // An empty hash writes `<x></x>`, which Rails itself reads back as "" (ambiguous by design).
    fc.dictionary(elementName, tie('value'), { minKeys: 1, maxKeys: 5 }),
  ),
}));

describe('onapp XML codec: round trip', () => {
  it('writes Rails-typed bodies that decode to the same values', () => {
    const body = {
      virtual_machine: {
        template_id: 12,
        label: 'web <prod> & "friends"',
        price: 0.25,
        required_startup: true,
        note: null,
        service_addon_ids: [273, 274],
        empty: [],
        nested: { remote_ip: '10.0.0.1', skip: false },
      },
    };
    const xml = encodeRailsXml(body);
    expect(xml).toContain('<template_id type="integer">12</template_id>');
    expect(xml).toContain('<service_addon_ids type="array"><service_addon_id type="integer">273</service_addon_id>');
    expect(xml).toContain('<note nil="true"/>');
    expect(xml).toContain('&lt;prod&gt; &amp; &quot;friends&quot;');
    const decoded = decodeRailsXmlDocument(xml);
    expect(decoded.root).toBe('virtual_machine');
    expect(decoded.value).toEqual(body.virtual_machine);
  });

  it('writes dates as Rails timestamps', () => {
    const xml = encodeRailsXml({ backup: { built_at: new Date('2024-05-01T10:20:30.456Z') } });
    expect(xml).toContain('<built_at type="datetime">2024-05-01T10:20:30Z</built_at>');
    expect(decodeRailsXml(xml)).toEqual({ built_at: '2024-05-01T10:20:30Z' });
  });

  it('round-trips any value XML can carry (fast-check, 500 cases)', () => {
    fc.assert(
      fc.property(elementName, railsValue, (root, value) => {
        const decoded = decodeRailsXmlDocument(encodeRailsXml({ [root]: value }));
        expect(decoded.root).toBe(root);
        expect(decoded.value).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses bodies XML cannot carry with a ValidationError', () => {
    for (const body of [
      'text',
      [1],
      { a: 1, b: 2 },
      { 'not a name': 1 },
      { a: { 'x y': 1 } },
      { a: Number.NaN },
      { a: 'bell\u0007' },
    ]) {
      expect(() => encodeRailsXml(body)).toThrow(ValidationError);
    }
  });
});
