/**
 * Policy rules that tests evaluate as data (test/governance/fixtures/policy-*.json) are Azure's rules:
 * each copy matches the definition in the reference catalog, rule and effect default included.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { readReference } from './reference';

const dir = join(__dirname, '..', 'test', 'governance', 'fixtures');
const files = readdirSync(dir).filter((f) => /^policy-.*\.json$/.test(f)).sort();
const definitions: Array<{ name: string; version: string; policyRule: unknown; parameters: Record<string, { defaultValue?: unknown }> }> = readReference('azure-policy-rules.json').definitions;

describe('policy rule fixtures against the Azure reference', () => {
  it('there is at least one fixture', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s equals the reference definition', (file) => {
    const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const ref = definitions.find((d) => d.name === fixture.name);
    expect(ref).toBeDefined();
    expect(fixture.version).toBe(ref!.version);
    expect(fixture.policyRule).toEqual(ref!.policyRule);
    expect(fixture.effectDefault).toBe(ref!.parameters.effect?.defaultValue);
  });
});
