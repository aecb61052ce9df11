/**
 * The simulated panel's own reader of XML request bodies (src/testing/request-xml.ts), on its own: Rails'
 * `Hash.from_xml` rules for the values the simulator reads, what it refuses, and that it reads what the
 * adapter's encoder writes without the adapter's decoder.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRailsXml } from '../../src/index.js';
import { MAX_REQUEST_XML_CHARS, readRequestXml, UnreadableRequestXml } from '../../src/testing/request-xml.js';
import { BILLION_LAUGHS, HOSTILE_DOCUMENTS } from '../support/hostile-xml.js';

const read = (text: string) => readRequestXml(text).value as Record<string, unknown>;

// XML 1.0 cannot carry these; the encoder refuses them before sending.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what XML 1.0 cannot carry.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// Names Object.prototype has: fast-xml-parser refuses or renames them, and no OnApp attribute uses them.
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const attributeName = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,8}$/)
  .filter((name) => !PROTOTYPE_NAMES.has(name) && !name.startsWith('xml'));
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((value) => !Number.isInteger(value)),
  fc.string({ unit: 'grapheme', maxLength: 20 }).filter((value) => !NOT_IN_XML.test(value)),
);

describe('simulator request XML: typed values as Rails reads them', () => {
  it('reads integers with to_i, floats with to_f, booleans as 1/true only', () => {
    expect(
      read(
        '<vm><a type="integer">12</a><b type="integer">12abc</b><c type="integer">abc</c><d type="integer"> -3 </d>' +
          '<e type="integer">1_000</e><f type="float">0.25</f><g type="decimal">2.5e2x</g><h type="double">.</h>' +
          '<i type="boolean">true</i><j type="boolean">1</j><k type="boolean">yes</k><l type="boolean">false</l></vm>',
      ),
    ).toEqual({
      a: 12,
      b: 12,
      c: 0,
      d: -3,
      e: 1000,
      f: 0.25,
      g: 250,
      h: 0,
      i: true,
      j: true,
      k: false,
      l: false,
    });
  });

  it('keeps text as sent, blanks included; dates, strings and unknown types stay text', () => {
    expect(
      read(
        '<vm><a>  padded  </a><b type="datetime">2024-05-01T10:20:30Z</b><c type="string">x</c><d type="hash">t</d>' +
          '<e>a &amp; b &lt;&gt; &quot;&apos; &#233;&#x41;&#13;</e><f><![CDATA[<raw> &amp;]]></f><g>&nbsp;</g></vm>',
      ),
    ).toEqual({
      a: '  padded  ',
      b: '2024-05-01T10:20:30Z',
      c: 'x',
      d: 't',
      e: 'a & b <> "\' éA\r',
      f: '<raw> &amp;',
      g: '&nbsp;',
    });
  });

  it('reads nil, empty and typed-empty elements as Rails does', () => {
    expect(
      read(
        '<vm><a nil="true"/><b></b><c/><d type="integer"/><e type="integer"></e><f type="string"/>' +
          '<g type="string" nil="true"/><h type="array"/><i type="array"></i></vm>',
      ),
    ).toEqual({ a: null, b: null, c: null, d: null, e: null, f: '', g: null, h: [], i: [] });
  });

  it('reads arrays by their first child name, hashes with their attributes, repeated siblings as arrays', () => {
    expect(
      read(
        '<vm><ids type="array"><id type="integer">1</id><id type="integer">2</id></ids>' +
          '<one type="array"><x>only</x></one><mixed type="array"><a>1</a><b>2</b></mixed>' +
          '<nested lang="en"><inner><leaf>v</leaf></inner></nested><twice>1</twice><twice>2</twice></vm>',
      ),
    ).toEqual({
      ids: [1, 2],
      one: ['only'],
      mixed: ['1'],
      nested: { lang: 'en', inner: { leaf: 'v' } },
      twice: ['1', '2'],
    });
  });

  it('returns the root element’s name, after a declaration and comments', () => {
    expect(readRequestXml('<?xml version="1.0"?>\n<!-- note -->\n<backup><note>n</note></backup>\n')).toEqual({
      root: 'backup',
      value: { note: 'n' },
    });
    expect(readRequestXml('<backup/>')).toEqual({ root: 'backup', value: null });
  });
});

describe('simulator request XML: what it refuses', () => {
  const refused = (text: string) => {
    try {
      readRequestXml(text);
    } catch (error) {
      expect(error).toBeInstanceOf(UnreadableRequestXml);
      return (error as Error).message;
    }
    throw new Error(`read ${JSON.stringify(text.slice(0, 60))}`);
  };

  it.each(Object.entries(HOSTILE_DOCUMENTS))('%s → refused', (_name, text) => {
    expect(refused(text)).toMatch(/^the XML body /);
  });

  it('refuses DOCTYPEs before parsing, symbol and yaml types, bad references, prototype names and size', () => {
    expect(refused(BILLION_LAUGHS)).toContain('DOCTYPE');
    expect(refused('<vm><s type="symbol">x</s></vm>')).toContain('symbol');
    expect(refused('<vm><y type="yaml">--- 1</y></vm>')).toContain('yaml');
    expect(refused('<vm><a>&#0;</a></vm>')).toContain('character');
    expect(refused('<vm><a>&#xD800;</a></vm>')).toContain('character');
    expect(refused('<vm><__proto__><polluted>1</polluted></__proto__></vm>')).toMatch(/does not parse/);
    expect(refused('<vm><constructor>1</constructor></vm>')).toMatch(/does not parse/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(refused(`<vm>${'a'.repeat(MAX_REQUEST_XML_CHARS)}</vm>`)).toContain('larger');
    expect(refused(`${'<a>'.repeat(100)}x${'</a>'.repeat(100)}`)).toMatch(/does not parse/);
    expect(refused('')).toMatch(/root|well-formed/);
  });
});

describe('simulator request XML: what the adapter writes', () => {
  it('reads every body the encoder writes to the values Rails would give the panel', () => {
    fc.assert(
      fc.property(fc.dictionary(attributeName, scalar, { maxKeys: 6 }), (attributes) => {
        const value = readRequestXml(encodeRailsXml({ virtual_machine: attributes })).value;
        const expected = Object.fromEntries(
          Object.entries(attributes).map(([key, field]) => [key, field === '' ? null : field]),
        );
        expect(value).toEqual(Object.keys(attributes).length === 0 ? null : expected);
      }),
      { numRuns: 300 },
    );
  });
});
