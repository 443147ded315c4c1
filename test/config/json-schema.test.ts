import { readFileSync } from 'fs';
import { join } from 'path';
import { configJsonSchema } from '../../config/json-schema';

const ROOT = join(__dirname, '..', '..');

describe('published JSON Schema', () => {
  it('is committed and in sync with the zod schema (regenerate: npm run docs)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'config', 'landing-zone.schema.json'), 'utf8'));
    expect(committed).toEqual(configJsonSchema());
  });

  it('is strict: unknown keys are not allowed anywhere', () => {
    const objects: any[] = [];
    // Conditional subschemas (if/then/not/allOf/oneOf) constrain the objects defined elsewhere; they define no shape of their own.
    const CONDITIONS = new Set(['if', 'then', 'else', 'not', 'allOf', 'anyOf', 'oneOf']);
    const walk = (node: any) => {
      if (node && typeof node === 'object') {
        if (node.type === 'object' && node.properties) objects.push(node);
        for (const [k, v] of Object.entries(node)) if (!CONDITIONS.has(k)) walk(v);
      }
    };
    walk(configJsonSchema());
    expect(objects.length).toBeGreaterThan(8);
    for (const o of objects) expect(o.additionalProperties).toBe(false);
  });

  it('is referenced by the reference config through a yaml-language-server modeline', () => {
    const firstLine = readFileSync(join(ROOT, 'landing-zone.yaml'), 'utf8').split('\n')[0];
    expect(firstLine).toBe('# yaml-language-server: $schema=./config/landing-zone.schema.json');
  });
});
