/**
 * Malformed and hostile XML (fast-check): whatever arrives, decoding returns a value or throws a
 * `ResponseValidationError`, never anything else, never expands an entity, never touches
 * `Object.prototype`. FUZZ_RUNS says how many generated cases each property runs.
 */
import { ResponseValidationError } from '@omnihost/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRailsXml, encodeRailsXml } from '../../src/index.js';
import { BILLION_LAUGHS, HOSTILE_DOCUMENTS } from '../support/hostile-xml.js';

/** Generated cases per property (5 properties). */
const FUZZ_RUNS = 1000;

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const PROTOTYPE_BEFORE = prototypeKeys();

/** Decodes and classifies: 'ok' or 'typed'; anything else fails the property. */
function outcome(text: string, maxChars?: number): 'ok' | 'typed' {
  try {
    decodeRailsXml(text, { maxChars });
    return 'ok';
  } catch (error) {
    if (error instanceof ResponseValidationError && (error.reason === 'parse' || error.reason === 'too-large')) {
      return 'typed';
    }
    throw error;
  }
}

function expectUnpolluted(): void {
  expect(prototypeKeys()).toBe(PROTOTYPE_BEFORE);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('onapp XML decoder under hostile input', () => {
  it.each(Object.entries(HOSTILE_DOCUMENTS))('%s → a typed parse error', (_name, text) => {
    expect(outcome(text)).toBe('typed');
    expectUnpolluted();
  });

  it('never expands entities: a billion laughs fails before parsing', () => {
    const error = (() => {
      try {
        decodeRailsXml(BILLION_LAUGHS);
      } catch (caught) {
        return caught as ResponseValidationError;
      }
      throw new Error('decoded a billion laughs');
    })();
    expect(error.reason).toBe('parse');
    expect(error.message).toContain('DOCTYPE');
  });

  it('leaves an undeclared entity as the literal text it is (nothing to expand it with)', () => {
    expect(decodeRailsXml('<x><note>a&nbsp;b &amp; &#65;</note></x>')).toEqual({ note: 'a&nbsp;b & A' });
  });

  it('refuses a document over the size cap before reading it', () => {
    const huge = `<x>${'a'.repeat(2048)}</x>`;
    expect(() => decodeRailsXml(huge, { maxChars: 1024 })).toThrow(
      expect.objectContaining({ name: 'ResponseValidationError', reason: 'too-large' }),
    );
    // The default cap (32 Mi characters), without building a tree.
    const overDefault = `<x>${'a'.repeat(32 * 1024 * 1024)}</x>`;
    expect(outcome(overDefault)).toBe('typed');
  });

  it('keeps __proto__, constructor and prototype elements inert', () => {
    const value = decodeRailsXml(
      '<virtual_machine><__proto__><polluted type="boolean">true</polluted></__proto__><constructor><prototype><polluted>1</polluted></prototype></constructor><label>ok</label></virtual_machine>',
    ) as Record<string, unknown>;
    expect(value.label).toBe('ok');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expectUnpolluted();
  });

  it('bounds nesting depth with a typed error, not a stack overflow', () => {
    const depth = 10_000;
    expect(outcome(`${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`)).toBe('typed');
  });
});

describe(`onapp XML decoder fuzzing (fast-check, ${FUZZ_RUNS} cases per property)`, () => {
  const names = fc.constantFrom(
    'virtual_machine',
    'backup',
    'id',
    'label',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'x',
  );
  const types = fc.constantFrom(
    '',
    ' type="integer"',
    ' type="boolean"',
    ' type="array"',
    ' type="datetime"',
    ' nil="true"',
    ' type="float"',
    ' type="hash"',
    ' type="yaml"',
  );
  const { node } = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc
        .tuple(names, types, fc.string({ maxLength: 12 }))
        .map(([name, type, text]) => `<${name}${type}>${text}</${name}>`),
      fc
        .tuple(names, types, fc.array(tie('node'), { maxLength: 4 }))
        .map(([name, type, children]) => `<${name}${type}>${children.join('')}</${name}>`),
      fc.tuple(names, types).map(([name, type]) => `<${name}${type}/>`),
    ),
  }));
  const fragments = fc.constantFrom(
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
    '&a;',
    '&lol9;',
    '&#0;',
    '&#xD800;',
    '&#1114112;',
    '&amp;',
    '<__proto__>',
    '</__proto__>',
    '<![CDATA[',
    ']]>',
    '<!--',
    '-->',
    '<?xml version="1.0"?>',
    '<',
    '>',
    '"',
    '\u0000',
    '\uFFFF',
    ' type="array"',
    ' nil="true"',
    '<x type="integer">9007199254740993</x>',
  );
  const validDocument = fc.oneof(
    node,
    fc
      .dictionary(
        fc.stringMatching(/^[a-z][a-z_]{0,8}$/),
        fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
        {
          maxKeys: 6,
        },
      )
      .map((fields) => encodeRailsXml({ virtual_machine: fields })),
  );

  it('arbitrary text → a value or a typed error', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expect(['ok', 'typed']).toContain(outcome(text));
      }),
      { numRuns: FUZZ_RUNS },
    );
    expectUnpolluted();
  });

  it('generated documents with hostile names and types → a value or a typed error, prototype untouched', () => {
    fc.assert(
      fc.property(node, (text) => {
        expect(['ok', 'typed']).toContain(outcome(text));
      }),
      { numRuns: FUZZ_RUNS },
    );
    expectUnpolluted();
  });

  it('valid documents cut short anywhere → a typed error', () => {
    fc.assert(
      fc.property(validDocument, fc.nat(), (text, cut) => {
        const end = cut % Math.max(1, text.trimEnd().length - 1);
        const truncated = text.slice(0, end);
        if (truncated.trim() === '') return;
        expect(outcome(truncated)).toBe('typed');
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('valid documents with hostile fragments spliced in → a value or a typed error', () => {
    fc.assert(
      fc.property(
        validDocument,
        fc.array(fc.tuple(fc.nat(), fragments), { minLength: 1, maxLength: 3 }),
        (text, edits) => {
          let mutated = text;
          for (const [at, fragment] of edits) {
            const index = at % (mutated.length + 1);
            mutated = mutated.slice(0, index) + fragment + mutated.slice(index);
          }
          expect(['ok', 'typed']).toContain(outcome(mutated));
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
    expectUnpolluted();
  });

  it('valid documents with a slice deleted or repeated → a value or a typed error', () => {
    fc.assert(
      fc.property(validDocument, fc.nat(), fc.nat(), fc.boolean(), (text, a, b, repeat) => {
        const start = a % (text.length + 1);
        const end = start + (b % (text.length - start + 1));
        const mutated = repeat
          ? text.slice(0, end) + text.slice(start, end) + text.slice(end)
          : text.slice(0, start) + text.slice(end);
        expect(['ok', 'typed']).toContain(outcome(mutated));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
