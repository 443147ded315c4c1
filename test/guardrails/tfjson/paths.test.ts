/**
 * A file is read on one of two paths: `JSON.parse` (when no property name repeats) or the positional
 * parser. Both must give the same blocks, and positions found later for a fast-path block must be the
 * ones the positional parser records.
 */
import * as fc from 'fast-check';
import { readFile, readTextFile, resolveOrigin } from '../../../guardrails/tfjson/reader';
import { SourceText } from '../../../guardrails/tfjson/source';

const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const body = fc.dictionary(ident, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
/** A label level or a body level: an object, or an array of objects splitting it. */
const splitOrNot = <T extends Record<string, unknown>>(o: T, split: boolean): unknown => {
  if (!split) return o;
  return Object.entries(o).map(([k, v]) => ({ [k]: v }));
};

const config = fc.record({
  resources: fc.uniqueArray(fc.tuple(fc.constantFrom('azurerm_key_vault', 'azurerm_storage_account'), ident, body), { selector: ([t, n]) => `${t}.${n}`, maxLength: 6 }),
  providers: fc.array(fc.tuple(fc.constantFrom('azurerm', 'azapi'), body), { maxLength: 3 }),
  splits: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  indent: fc.constantFrom(undefined, 2),
});

describe('the fast and the positional path read the same blocks', () => {
  test('property: same blocks (type, labels, attributes) and the same positions', () => {
    fc.assert(fc.property(config, ({ resources, providers, splits, indent }) => {
      const byType: Record<string, Record<string, unknown>> = {};
      for (const [t, n, b] of resources) (byType[t] ??= {})[n] = splitOrNot(b, splits[2]) as never;
      const byName: Record<string, unknown[]> = {};
      // Aliases keep provider configurations distinct, as Terraform requires.
      providers.forEach(([name, b], i) => (byName[name] ??= []).push({ ...b, alias: `a${i}` }));
      const root: Record<string, unknown> = {};
      if (resources.length > 0) root.resource = splitOrNot(Object.fromEntries(Object.entries(byType).map(([t, v]) => [t, splitOrNot(v, splits[1])])), splits[0]);
      if (providers.length > 0) root.provider = byName;
      const text = JSON.stringify(splits[3] ? [root] : root, null, indent);

      const fast = readFile(new SourceText('f.tf.json', text));
      const slow = readTextFile(new SourceText('f.tf.json', text));
      expect(fast.problems).toEqual([]);
      expect(slow.problems).toEqual([]);
      const shape = (c: typeof fast) => c.blocks.map((b) => ({ type: b.type, labels: b.labels, attrs: b.attrs }));
      expect(shape(fast)).toEqual(shape(slow));
      fast.blocks.forEach((b, i) => {
        const o = resolveOrigin(b.origin);
        const p = slow.blocks[i].origin;
        expect([o.labelAt, o.bodyAt, o.bodyEnd]).toEqual([p.labelAt, p.bodyAt, p.bodyEnd]);
      });
    }), { numRuns: 200 });
  });
});
