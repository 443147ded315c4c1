/**
 * Loading definitions: the `.ailz/policy-definitions/` directory contract (definitions in Azure's GET shape,
 * initiatives, pulled assignments, `_pulled.json`) and the catalog file format, with clear errors on bad input.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DefinitionsError, defaultDefinitionsPath, loadDefinitions } from '../../policy/definitions';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-defs-'));
const write = (file: string, json: unknown) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
};

const armDefinition = (name: string, id = `/providers/Microsoft.Authorization/policyDefinitions/${name}`) => ({
  id, name, type: 'Microsoft.Authorization/policyDefinitions',
  properties: { displayName: `Definition ${name}`, policyType: 'BuiltIn', mode: 'Indexed', version: '1.0.0', parameters: { effect: { type: 'String', defaultValue: 'Audit' } }, policyRule: { if: { field: 'type', equals: 'X/y' }, then: { effect: "[parameters('effect')]" } } },
});

describe('definitions directory (policy pull cache)', () => {
  test('definitions in Azure\'s GET shape, indexed by id; built-ins also by name; custom ones only by full id', () => {
    const dir = tmp();
    write(path.join(dir, 'a.json'), armDefinition('11111111-0000-0000-0000-000000000001'));
    write(path.join(dir, 'custom.json'), armDefinition('Deny-Thing', '/providers/Microsoft.Management/managementGroups/alz/providers/Microsoft.Authorization/policyDefinitions/Deny-Thing'));
    const store = loadDefinitions(dir);
    const d = store.definition('/providers/microsoft.authorization/policydefinitions/11111111-0000-0000-0000-000000000001')!;
    expect(d).toMatchObject({ name: '11111111-0000-0000-0000-000000000001', displayName: 'Definition 11111111-0000-0000-0000-000000000001', mode: 'Indexed', version: '1.0.0' });
    expect(d.source).toBe(path.join(dir, 'a.json'));
    expect(store.definition('/providers/Microsoft.Management/managementGroups/alz/providers/Microsoft.Authorization/policyDefinitions/Deny-Thing')).toBeDefined();
    expect(store.definition('/providers/Microsoft.Management/managementGroups/other/providers/Microsoft.Authorization/policyDefinitions/Deny-Thing')).toBeUndefined();
    expect(store.description).toBe(`directory ${dir} (2 definitions)`);
  });

  test('initiatives, pulled assignments and the pull scope', () => {
    const dir = tmp();
    write(path.join(dir, 'a.json'), armDefinition('d1'));
    write(path.join(dir, 'policySetDefinitions', 'set.json'), { id: '/providers/Microsoft.Authorization/policySetDefinitions/s1', name: 's1', properties: { displayName: 'Set', parameters: {}, policyDefinitions: [{ policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/d1', policyDefinitionReferenceId: 'r1', parameters: {} }] } });
    write(path.join(dir, 'assignments', 'Deny-X.json'), { id: '/providers/Microsoft.Management/managementGroups/alz/providers/Microsoft.Authorization/policyAssignments/Deny-X', name: 'Deny-X', properties: { scope: '/providers/Microsoft.Management/managementGroups/alz', policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/s1' } });
    write(path.join(dir, 'assignments', '_pulled.json'), { scope: '/providers/Microsoft.Management/managementGroups/alz', path: ['/providers/Microsoft.Management/managementGroups/root', '/providers/Microsoft.Management/managementGroups/alz'] });
    const store = loadDefinitions(dir);
    expect(store.initiative('/providers/Microsoft.Authorization/policySetDefinitions/S1')!.policyDefinitions).toHaveLength(1);
    expect(store.assignments.map((a) => a.json.name)).toEqual(['Deny-X']);
    expect(store.pulledScope).toEqual({ scope: '/providers/Microsoft.Management/managementGroups/alz', path: ['/providers/Microsoft.Management/managementGroups/root', '/providers/Microsoft.Management/managementGroups/alz'] });
  });

  test('bad input is a DefinitionsError naming the file and what is wrong', () => {
    const dir = tmp();
    write(path.join(dir, 'broken.json'), '{ not json');
    expect(() => loadDefinitions(dir)).toThrow(new RegExp(`${path.join(dir, 'broken.json').replace(/[/\\.]/g, '\\$&')}: not valid JSON`));
    const dir2 = tmp();
    write(path.join(dir2, 'x.json'), { id: '/providers/Microsoft.Authorization/policyDefinitions/x', properties: { displayName: 'no rule' } });
    expect(() => loadDefinitions(dir2)).toThrow(/x\.json: policy definition \/providers\/Microsoft\.Authorization\/policyDefinitions\/x has no policyRule with "if" and "then"/);
    const dir3 = tmp();
    write(path.join(dir3, 'a.json'), armDefinition('d1'));
    write(path.join(dir3, 'b.json'), armDefinition('d1'));
    expect(() => loadDefinitions(dir3)).toThrow(/b\.json: definition \/providers\/Microsoft\.Authorization\/policyDefinitions\/d1 is also in .*a\.json/);
    expect(() => loadDefinitions(tmp())).toThrow(DefinitionsError);
    expect(() => loadDefinitions(path.join(tmp(), 'nope'))).toThrow(/no such file or directory/);
  });
});

describe('catalog file (the format of the reference azure-policy-rules.json: a header line, one definition per line)', () => {
  const catalog = (defs: object[]) => `{"source": {"repo": "Azure/azure-policy"}, "count": ${defs.length}, "definitions": [\n${defs.map((d) => JSON.stringify(d)).join(',\n')}\n]}\n`;
  const flat = (name: string) => ({ category: 'Storage', displayName: `Def ${name}`, id: `/providers/Microsoft.Authorization/policyDefinitions/${name}`, mode: 'All', name, parameters: {}, path: `Storage/${name}.json`, policyRule: { if: { field: 'type', equals: 'X/y' }, then: { effect: 'audit' } }, version: '2.0.0' });

  test('finds a definition by id or name, parsing only the lines asked for', () => {
    const dir = tmp();
    const file = path.join(dir, 'rules.json');
    write(file, catalog([flat('aaa'), flat('bbb')]));
    const store = loadDefinitions(file);
    expect(store.definition('/providers/Microsoft.Authorization/policyDefinitions/BBB')).toMatchObject({ name: 'bbb', displayName: 'Def bbb', version: '2.0.0', source: `${file}:3` });
    expect(store.definition('/providers/Microsoft.Management/managementGroups/m/providers/Microsoft.Authorization/policyDefinitions/aaa')).toBeUndefined();
    expect(store.description).toBe(`catalog ${file} (2 definitions)`);
  });

  test('a file that is not a catalog is refused', () => {
    const file = path.join(tmp(), 'x.json');
    write(file, { hello: 'world' });
    expect(() => loadDefinitions(file)).toThrow(/not a policy rules catalog/);
  });
});

test('the cache is looked up beside the config file', () => {
  expect(defaultDefinitionsPath('/a/b/landing-zone.yaml')).toBe(path.join('/a/b', '.ailz', 'policy-definitions'));
});
