/**
 * The positional JSON parser: it reads exactly RFC 8259 JSON (what JSON.parse accepts, with the same
 * values), keeps repeated property names as HCL's JSON specification requires, and knows where every
 * value is.
 */
import * as fc from 'fast-check';
import { countObjectKeys, countPropertyNames, DuplicateProperty, JsonSyntaxError, JsonText, mergeDuplicate } from '../../../guardrails/tfjson/json';

const parse = (text: string, dups?: DuplicateProperty[]) => {
  const j = new JsonText(text);
  const root = j.root();
  const v = j.value(root, dups ? (d) => dups.push(d) : undefined);
  j.finish(root);
  return v;
};

describe('JsonText reads JSON as JSON.parse does', () => {
  test('property: every JSON value, compact and indented, gives the value JSON.parse gives', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (v, indent) => {
      const text = JSON.stringify(v, null, indent);
      expect(parse(text)).toEqual(JSON.parse(text));
      // Skipping validates and finds the same end as building; so does the skip for text JSON.parse accepted.
      const j = new JsonText(text);
      expect(j.end(j.root())).toBe(text.trimEnd().length);
      const trusted = new JsonText(text);
      trusted.trusted = true;
      expect(trusted.end(trusted.root())).toBe(text.trimEnd().length);
    }), { numRuns: 300 });
  });

  test('property: strings with escapes and any characters round-trip', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const text = JSON.stringify({ [s]: s });
      expect(parse(text)).toEqual(JSON.parse(text));
    }), { numRuns: 300 });
  });

  test.each([
    ['{"a": 1,}', 8, /expected a property name/],
    ['[1, 2,]', 6, /expected a JSON value/],
    ['{"a": 1} // comment', 9, /after the JSON value/],
    ['{"a": "line\nbreak"}', 11, /control character U\+000A inside a string/],
    ['{"a": "unterminated', 19, /unterminated string/],
    ['{"a": "\\x"}', 7, /invalid escape/],
    ['{"a": 01}', 7, /after a property value/],
    ['{"a": 1.}', 8, /digit after "."/],
    ['{"a": -}', 7, /expected a digit/],
    ["{'a': 1}", 1, /property name in double quotes/],
    ['', 0, /the file is empty/],
    ['{"a" 1}', 5, /expected ":"/],
    ['{"a": tru}', 6, /expected a JSON value/],
  ])('%j is rejected at offset %i', (text, offset, message) => {
    expect(() => JSON.parse(text)).toThrow();
    let err: unknown;
    try {
      parse(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JsonSyntaxError);
    expect((err as JsonSyntaxError).offset).toBe(offset);
    expect((err as Error).message).toMatch(message);
    // The validating skip rejects the same text.
    const j = new JsonText(text);
    expect(() => { j.end(j.root()); j.finish(j.root()); }).toThrow(JsonSyntaxError);
  });

  test('__proto__ is an own property, as with JSON.parse, never the prototype', () => {
    const v = parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('repeated property names (HCL JSON spec: "preserve multiple definitions of the same property name")', () => {
  test('two objects under one name are kept as two blocks, in order', () => {
    const dups: DuplicateProperty[] = [];
    expect(parse('{"network_rules": {"a": 1}, "network_rules": [{"b": 2}]}', dups)).toEqual({ network_rules: [{ a: 1 }, { b: 2 }] });
    expect(dups).toEqual([{ key: 'network_rules', at: 28, objectAt: 0, merged: true }]);
  });

  test('a repeated argument is reported (Terraform: "Duplicate argument"), not silently the last', () => {
    const dups: DuplicateProperty[] = [];
    const v = parse('{"x": false, "x": true}', dups) as Record<string, unknown>;
    expect(dups).toEqual([{ key: 'x', at: 13, objectAt: 0, merged: false }]);
    expect(v.x).toBe(false);
  });

  test('"//" comments may repeat: the first is kept', () => {
    expect(mergeDuplicate('//', { a: 1 }, 'x')).toEqual({ ok: true, value: { a: 1 } });
  });

  test('property: the property-name count of the text equals the kept keys exactly when no name repeats', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), fc.boolean(), (obj, repeat) => {
      const text = JSON.stringify(obj, null, 1);
      const keys = Object.keys(obj);
      expect(countPropertyNames(text)).toBe(countObjectKeys(JSON.parse(text)));
      if (repeat && keys.length > 0) {
        const withDup = `${text.slice(0, -1).trimEnd()}, ${JSON.stringify(keys[0])}: 1}`;
        expect(countPropertyNames(withDup)).toBeGreaterThan(countObjectKeys(JSON.parse(withDup)));
      }
    }), { numRuns: 300 });
  });
});

describe('positions', () => {
  const text = '{\n  "a": {\n    "rules": [\n      {"x": 1},\n      {"default_action": "Allow"}\n    ]\n  }\n}\n';
  test('locate finds an attribute inside nested blocks, in the first block that has it', () => {
    const j = new JsonText(text);
    const a = text.indexOf('{', 5);
    const hit = j.locate(a, ['rules', 'default_action']);
    expect(hit.found).toBe(true);
    expect(text.slice(hit.start, hit.end)).toBe('"default_action": "Allow"');
  });

  test('a missing attribute gives the deepest part of its path that exists', () => {
    const j = new JsonText(text);
    const a = text.indexOf('{', 5);
    const hit = j.locate(a, ['rules', 'bypass']);
    expect(hit.found).toBe(false);
    expect(text.slice(hit.start, hit.start + 7)).toBe('"rules"');
  });
});
