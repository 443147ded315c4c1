/**
 * The evaluator against the semantics Microsoft documents for the policy language:
 * - conditions: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#conditions
 * - arrays, [*] and count: https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays
 * - functions: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions
 * Every rule below is written for the test.
 */
import { UNKNOWN } from '../../arm/resource';
import { evaluateCondition, applyOperator } from '../../policy/conditions';
import { CannotEvaluate, EvaluationError } from '../../policy/types';
import { arm, ctx, evalOn } from './helpers';

const ST = 'Microsoft.Storage/storageAccounts';
const account = (properties: Record<string, any> = {}, extra: Record<string, any> = {}) => arm({ type: ST, name: 'stdemo', location: 'westeurope', properties, ...extra });

describe('conditions (documented list)', () => {
  const r = account({ publicNetworkAccess: 'Enabled', minimumTlsVersion: 'TLS1_2', allowSharedKeyAccess: false, count: 5 });

  test('equals / notEquals compare strings case-insensitively', () => {
    expect(evalOn({ field: `${ST}/publicNetworkAccess`, equals: 'enabled' }, r)).toBe(true);
    expect(evalOn({ field: `${ST}/publicNetworkAccess`, notEquals: 'ENABLED' }, r)).toBe(false);
    expect(evalOn({ field: `${ST}/publicNetworkAccess`, notEquals: 'Disabled' }, r)).toBe(true);
  });

  test('booleans compare to their string form ("equals": "false" matches false, as built-ins rely on)', () => {
    expect(evalOn({ field: `${ST}/allowSharedKeyAccess`, equals: 'false' }, r)).toBe(true);
    expect(evalOn({ field: `${ST}/allowSharedKeyAccess`, equals: false }, r)).toBe(true);
    expect(evalOn({ field: `${ST}/allowSharedKeyAccess`, equals: 'true' }, r)).toBe(false);
  });

  test('like / notLike: * is a wildcard, the match is case-insensitive and anchored', () => {
    expect(evalOn({ field: 'name', like: 'st*' }, r)).toBe(true);
    expect(evalOn({ field: 'name', like: 'ST*O' }, r)).toBe(true);
    expect(evalOn({ field: 'name', like: 'demo' }, r)).toBe(false);
    expect(evalOn({ field: 'name', like: '*dem*' }, r)).toBe(true);
    expect(evalOn({ field: 'name', notLike: 'st*' }, r)).toBe(false);
    expect(evalOn({ field: 'name', like: 'st.demo' }, r)).toBe(false); // a dot is a literal dot in like
  });

  test('match: # digit, ? letter, . any character; case-sensitive, matchInsensitively is not', () => {
    const m = arm({ type: ST, name: 'ab12' });
    expect(evalOn({ field: 'name', match: '??##' }, m)).toBe(true);
    expect(evalOn({ field: 'name', match: '??#' }, m)).toBe(false);
    expect(evalOn({ field: 'name', match: 'a.1#' }, m)).toBe(true);
    expect(evalOn({ field: 'name', match: 'AB##' }, m)).toBe(false);
    expect(evalOn({ field: 'name', matchInsensitively: 'AB##' }, m)).toBe(true);
    expect(evalOn({ field: 'name', notMatch: 'AB##' }, m)).toBe(true);
    expect(evalOn({ field: 'name', notMatchInsensitively: 'AB##' }, m)).toBe(false);
  });

  test('contains / notContains: substring, case-insensitive', () => {
    expect(evalOn({ field: 'id', contains: '/RESOURCEGROUPS/rg1/' }, r)).toBe(true);
    expect(evalOn({ field: 'id', notContains: '/resourceGroups/aro-' }, r)).toBe(true);
  });

  test('in / notIn take an array; membership is case-insensitive', () => {
    expect(evalOn({ field: 'location', in: ['WestEurope', 'northeurope'] }, r)).toBe(true);
    expect(evalOn({ field: 'location', notIn: ['westeurope'] }, r)).toBe(false);
    expect(() => evalOn({ field: 'location', in: 'westeurope' }, r)).toThrow(EvaluationError);
  });

  test('containsKey / notContainsKey on objects (tags)', () => {
    const t = arm({ type: ST, tags: { CostCenter: '1' } });
    expect(evalOn({ field: 'tags', containsKey: 'costcenter' }, t)).toBe(true);
    expect(evalOn({ field: 'tags', notContainsKey: 'owner' }, t)).toBe(true);
  });

  test('less / lessOrEquals / greater / greaterOrEquals: numbers, and strings ignoring case (dates, API versions)', () => {
    expect(evalOn({ field: `${ST}/count`, greater: 4 }, r)).toBe(true);
    expect(evalOn({ field: `${ST}/count`, lessOrEquals: 5 }, r)).toBe(true);
    expect(evalOn({ field: `${ST}/count`, less: 5 }, r)).toBe(false);
    expect(evalOn({ value: '2019-04-01', less: '2019-09-01' }, r)).toBe(true);
    expect(evalOn({ value: '2023-05-01', greaterOrEquals: '2019-09-01' }, r)).toBe(true);
    expect(() => evalOn({ value: 'abc', less: 3 }, r)).toThrow(EvaluationError);
  });

  test('exists: "true"/"false" as strings or booleans', () => {
    expect(evalOn({ field: `${ST}/minimumTlsVersion`, exists: 'true' }, r)).toBe(true);
    expect(evalOn({ field: `${ST}/isHnsEnabled`, exists: false }, r)).toBe(true);
    expect(evalOn({ field: `${ST}/isHnsEnabled`, exists: 'true' }, r)).toBe(false);
  });

  test('keywords are case-insensitive: notin, ALLOF, Field', () => {
    expect(evalOn({ ALLOF: [{ Field: 'location', notin: ['northeurope'] }, { FIELD: 'type', EQUALS: ST }] }, r)).toBe(true);
  });
});

describe('missing fields', () => {
  const r = account({});
  test('a property that is not sent: equals false, notEquals true, like false, notLike true, in false, notIn true, exists false', () => {
    const f = `${ST}/publicNetworkAccess`;
    expect(evalOn({ field: f, equals: 'Disabled' }, r)).toBe(false);
    expect(evalOn({ field: f, notEquals: 'Disabled' }, r)).toBe(true);
    expect(evalOn({ field: f, like: '*' }, r)).toBe(false);
    expect(evalOn({ field: f, notLike: '*' }, r)).toBe(true);
    expect(evalOn({ field: f, in: ['Enabled'] }, r)).toBe(false);
    expect(evalOn({ field: f, notIn: ['Enabled'] }, r)).toBe(true);
    expect(evalOn({ field: f, exists: true }, r)).toBe(false);
  });

  test('an alias of another resource type selects nothing (missing)', () => {
    expect(evalOn({ field: 'Microsoft.KeyVault/vaults/enableSoftDelete', exists: true }, r)).toBe(false);
  });

  test('field() of a missing property returns an empty string (documented table), so empty() is true', () => {
    expect(evalOn({ value: `[empty(field('${ST}/minimumTlsVersion'))]`, equals: true }, r)).toBe(true);
    expect(evalOn({ value: `[field('${ST}/minimumTlsVersion')]`, equals: '' }, r)).toBe(true);
  });
});

describe('[*] aliases and arrays', () => {
  // The example resource of "Referencing array resource properties".
  const T = 'Microsoft.Test/resourceType';
  const r = arm({
    type: T,
    tags: { env: 'prod' },
    properties: { stringArray: ['a', 'b', 'c'], objectArray: [{ property: 'value1', nestedArray: [1, 2] }, { property: 'value2', nestedArray: [3, 4] }] },
  });

  test('a field condition over [*] holds only when it holds for every member', () => {
    expect(evalOn({ field: `${T}/stringArray[*]`, equals: 'a' }, r)).toBe(false);
    expect(evalOn({ field: `${T}/stringArray[*]`, in: ['a', 'b', 'c'] }, r)).toBe(true);
    expect(evalOn({ field: `${T}/objectArray[*].property`, like: 'value*' }, r)).toBe(true);
    expect(evalOn({ field: `${T}/objectArray[*].nestedArray[*]`, less: 5 }, r)).toBe(true);
    expect(evalOn({ field: `${T}/objectArray[*].nestedArray[*]`, less: 4 }, r)).toBe(false);
  });

  test('a missing array is an empty collection: every condition over it holds', () => {
    expect(evalOn({ field: `${T}/missingArray[*]`, equals: 'x' }, r)).toBe(true);
    expect(evalOn({ field: `${T}/missingArray[*].property`, exists: true }, r)).toBe(true);
  });

  test('the alias without [*] selects the array itself; field() of a [*] alias returns the selected values', () => {
    expect(evalOn({ value: `[length(field('${T}/stringArray'))]`, equals: 3 }, r)).toBe(true);
    expect(evalOn({ value: `[field('${T}/objectArray[*].property')]`, equals: '[createArray(\'value1\', \'value2\')]' }, r)).toBe(true);
    expect(evalOn({ value: `[length(field('${T}/objectArray[*].nestedArray[*]'))]`, equals: 4 }, r)).toBe(true);
  });

  test('count without where is the number of members, nested arrays included', () => {
    expect(evalOn({ count: { field: `${T}/stringArray[*]` }, equals: 3 }, r)).toBe(true);
    expect(evalOn({ count: { field: `${T}/objectArray[*].nestedArray[*]` }, greaterOrEquals: 4 }, r)).toBe(true);
    expect(evalOn({ count: { field: `${T}/missingArray[*]` }, equals: 0 }, r)).toBe(true);
  });

  test('count.where sees one member at a time (documented iteration tables)', () => {
    expect(evalOn({ count: { field: `${T}/stringArray[*]`, where: { field: `${T}/stringArray[*]`, equals: 'a' } }, equals: 1 }, r)).toBe(true);
    expect(evalOn({
      count: {
        field: `${T}/objectArray[*]`,
        where: { allOf: [{ field: `${T}/objectArray[*].property`, equals: 'value2' }, { field: `${T}/objectArray[*].nestedArray[*]`, greater: 2 }] },
      },
      equals: 1,
    }, r)).toBe(true);
    // where can refer to fields outside the array
    expect(evalOn({ count: { field: `${T}/objectArray[*]`, where: { field: 'tags.env', equals: 'prod' } }, equals: 2 }, r)).toBe(true);
  });

  test('nested count', () => {
    expect(evalOn({
      count: {
        field: `${T}/objectArray[*]`,
        where: { allOf: [
          { field: `${T}/objectArray[*].property`, equals: 'value2' },
          { count: { field: `${T}/objectArray[*].nestedArray[*]`, where: { field: `${T}/objectArray[*].nestedArray[*]`, equals: 3 } }, greater: 0 },
        ] },
      },
      equals: 1,
    }, r)).toBe(true);
  });

  test('inside where, field() of the counted alias is a one-member array; first() and current() give the member', () => {
    const alias = `${T}/stringArray[*]`;
    expect(evalOn({ count: { field: alias, where: { field: alias, equals: `[field('${alias}')]` } }, equals: 0 }, r)).toBe(true);
    expect(evalOn({ count: { field: alias, where: { field: alias, equals: `[first(field('${alias}'))]` } }, equals: 3 }, r)).toBe(true);
    expect(evalOn({ count: { field: alias, where: { value: `[current('${alias}')]`, in: ['a', 'b'] } }, equals: 2 }, r)).toBe(true);
    expect(evalOn({ count: { field: `${T}/objectArray[*]`, where: { value: `[current('${T}/objectArray[*].property')]`, equals: 'value1' } }, equals: 1 }, r)).toBe(true);
  });

  test('value count over literal and parameter arrays with current(name) and current()', () => {
    const n = arm({ type: T, name: 'prefix2_app' });
    expect(evalOn({ count: { value: ['prefix1_*', 'prefix2_*'], name: 'pattern', where: { field: 'name', like: "[current('pattern')]" } }, greater: 0 }, n)).toBe(true);
    expect(evalOn({ count: { value: ['prefix1_*', 'prefix2_*'], where: { field: 'name', like: '[current()]' } }, greater: 0 }, n)).toBe(true);
    expect(evalOn({ count: { value: "[parameters('patterns')]", name: 'p', where: { field: 'name', like: "[current('p')]" } }, equals: 0 }, n, { patterns: ['other*'] })).toBe(true);
  });

  test('count compared with an expression (all members match)', () => {
    const alias = `${T}/objectArray[*]`;
    expect(evalOn({ count: { field: alias, where: { field: `${alias}.property`, like: 'value*' } }, equals: `[length(field('${alias}'))]` }, r)).toBe(true);
  });
});

describe('legacy array aliases and sub-resource envelopes (azure/policy-aliases.ts)', () => {
  test('diagnosticSettings/logs.enabled (no [*] in the name) selects every member, like logs[*].enabled', () => {
    const d = arm({ type: 'Microsoft.Insights/diagnosticSettings', properties: { logs: [{ category: 'A', enabled: true }, { category: 'B', enabled: false }] } });
    expect(evalOn({ field: 'Microsoft.Insights/diagnosticSettings/logs.enabled', equals: true }, d)).toBe(false);
    expect(evalOn({ field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled', equals: true }, d)).toBe(false);
    const on = arm({ type: 'Microsoft.Insights/diagnosticSettings', properties: { logs: [{ categoryGroup: 'allLogs', enabled: true }] } });
    expect(evalOn({ field: 'Microsoft.Insights/diagnosticSettings/logs.enabled', equals: 'true' }, on)).toBe(true);
  });

  test('NIC ipconfigurations[*].publicIpAddress.id reads properties.ipConfigurations[*].properties.publicIPAddress.id (case differs)', () => {
    const nic = (pip?: string) => arm({
      type: 'Microsoft.Network/networkInterfaces',
      properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: '/x' }, ...(pip ? { publicIPAddress: { id: pip } } : {}) } }] },
    });
    const rule = { not: { field: 'Microsoft.Network/networkInterfaces/ipconfigurations[*].publicIpAddress.id', notLike: '*' } };
    expect(evalOn(rule, nic('/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/publicIPAddresses/p'))).toBe(true);
    expect(evalOn(rule, nic())).toBe(false);
  });

  test('ML computes keep type-specific settings in properties.properties', () => {
    const c = arm({ type: 'Microsoft.MachineLearningServices/workspaces/computes', properties: { computeType: 'ComputeInstance', disableLocalAuth: true, properties: { idleTimeBeforeShutdown: 'PT30M' } } });
    expect(evalOn({ field: 'Microsoft.MachineLearningServices/workspaces/computes/computeType', equals: 'ComputeInstance' }, c)).toBe(true);
    expect(evalOn({ field: 'Microsoft.MachineLearningServices/workspaces/computes/disableLocalAuth', equals: true }, c)).toBe(true);
    expect(evalOn({ field: 'Microsoft.MachineLearningServices/workspaces/computes/idleTimeBeforeShutdown', equals: 'PT30M' }, c)).toBe(true);
  });

  test('sku aliases point to the top-level sku', () => {
    const a = arm({ type: 'Microsoft.CognitiveServices/accounts', sku: { name: 'S0' } });
    expect(evalOn({ field: 'Microsoft.CognitiveServices/accounts/sku.name', equals: 's0' }, a)).toBe(true);
  });
});

describe('fields other than aliases', () => {
  const r = arm({ type: ST, name: 'stdemo', location: 'westeurope', kind: 'StorageV2', tags: { 'Acct.CostCenter': '42', env: 'prod' }, identity: { type: 'SystemAssigned' } });
  test('name, fullName, type, kind, location, id, identity.type, tags forms', () => {
    expect(evalOn({ field: 'kind', equals: 'storagev2' }, r)).toBe(true);
    expect(evalOn({ field: 'identity.type', equals: 'SystemAssigned' }, r)).toBe(true);
    expect(evalOn({ field: "tags['Acct.CostCenter']", equals: '42' }, r)).toBe(true);
    expect(evalOn({ field: 'tags.env', equals: 'prod' }, r)).toBe(true);
    expect(evalOn({ field: 'tags[env]', equals: 'prod' }, r)).toBe(true);
    expect(evalOn({ field: 'fullName', equals: 'stdemo' }, r)).toBe(true);
  });

  test('field names may be expressions', () => {
    expect(evalOn({ field: "[concat('tags[', parameters('tagName'), ']')]", exists: 'true' }, r, { tagName: 'env' })).toBe(true);
  });
});

describe('functions', () => {
  const r = account({ publicNetworkAccess: 'Enabled' }, { apiVersion: '2023-05-01' });
  test('parameters, concat, first, equals, empty, current, requestContext().apiVersion', () => {
    expect(evalOn({ value: "[first(parameters('list'))]", equals: '*' }, r, { list: ['*', 'x'] })).toBe(true);
    expect(evalOn({ value: "[equals(parameters('g'), 'audit')]", equals: false }, r, { g: 'allLogs' })).toBe(true);
    expect(evalOn({ value: "[concat('a', 'b', parameters('c'))]", equals: 'abc' }, r, { c: 'c' })).toBe(true);
    expect(evalOn({ value: '[requestContext().apiVersion]', less: '2019-09-01' }, r)).toBe(false);
    expect(evalOn({ value: '[empty(parameters(\'x\'))]', equals: true }, r, { x: [] })).toBe(true);
  });

  test('if, and, or, not, toLower, split, substring, contains, length, ipRangeContains', () => {
    expect(evalOn({ value: "[if(greaterOrEquals(length(field('name')), 3), substring(field('name'), 0, 3), 'short')]", equals: 'std' }, r)).toBe(true);
    expect(evalOn({ value: "[and(true(), not(false()), or(false(), equals(1, 1)))]", equals: true }, r)).toBe(true);
    expect(evalOn({ value: "[toLower(last(split(field('id'), '/')))]", equals: 'stdemo' }, r)).toBe(true);
    expect(evalOn({ value: "[ipRangeContains('10.0.0.0/24', '10.0.0.16/28')]", equals: true }, r)).toBe(true);
    expect(evalOn({ value: "[ipRangeContains('10.0.0.0/24', '10.0.1.0/28')]", equals: false }, r)).toBe(true);
  });

  test('base64 / base64ToString (ARM template functions built-ins use in conditions)', () => {
    expect(evalOn({ value: "[base64('abc')]", equals: 'YWJj' }, r)).toBe(true);
    expect(evalOn({ value: "[base64ToString('YWJj')]", equals: 'abc' }, r)).toBe(true);
  });

  test('a template function error fails the evaluation (Azure: an implicit deny), it does not pass', () => {
    expect(() => evalOn({ value: "[substring(field('name'), 0, 30)]", equals: 'x' }, r)).toThrow(EvaluationError);
    expect(() => evalOn({ value: "[parameters('undefinedParameter')]", equals: 'x' }, r)).toThrow(EvaluationError);
  });

  test('a function outside the implemented set is "cannot evaluate", naming it', () => {
    expect(() => evalOn({ value: "[uniqueString(field('id'))]", equals: 'x' }, r)).toThrow(/template function uniquestring\(\)/);
    expect(() => evalOn({ value: "[uniqueString(field('id'))]", equals: 'x' }, r)).toThrow(CannotEvaluate);
  });

  test('an unknown condition keyword is "cannot evaluate", not a pass', () => {
    expect(() => evalOn({ field: 'name', startsWith: 'st' }, r)).toThrow(CannotEvaluate);
  });
});

describe('three-valued logic over values known only after apply', () => {
  const r = account({ publicNetworkAccess: UNKNOWN, minimumTlsVersion: 'TLS1_0' });
  test('a condition over an unknown value is unknown', () => {
    expect(evalOn({ field: `${ST}/publicNetworkAccess`, notEquals: 'Disabled' }, r)).toBe('unknown');
    expect(applyOperator('equals', UNKNOWN, 'x')).toBe('unknown');
  });

  test('allOf with a false member is false, not unknown; anyOf with a true member is true', () => {
    expect(evalOn({ allOf: [{ field: `${ST}/publicNetworkAccess`, equals: 'Enabled' }, { field: 'type', equals: 'Microsoft.KeyVault/vaults' }] }, r)).toBe(false);
    expect(evalOn({ anyOf: [{ field: `${ST}/publicNetworkAccess`, equals: 'Enabled' }, { field: `${ST}/minimumTlsVersion`, equals: 'TLS1_0' }] }, r)).toBe(true);
    expect(evalOn({ allOf: [{ field: `${ST}/publicNetworkAccess`, equals: 'Enabled' }, { field: 'type', equals: ST }] }, r)).toBe('unknown');
    expect(evalOn({ not: { field: `${ST}/publicNetworkAccess`, equals: 'Enabled' } }, r)).toBe('unknown');
  });

  test('a property the adapter does not model reads as unknown, never as missing', () => {
    const partial = arm({ type: 'Microsoft.Insights/components', properties: { DisableLocalAuth: true }, modelled: { properties: ['DisableLocalAuth'] } });
    expect(evalOn({ field: 'Microsoft.Insights/components/IngestionMode', exists: false }, partial)).toBe('unknown');
    expect(evalOn({ field: 'Microsoft.Insights/components/DisableLocalAuth', equals: true }, partial)).toBe(true);
  });

  test('count over unknown members is unknown unless every possible count gives the same answer', () => {
    const d = arm({ type: 'Microsoft.Insights/diagnosticSettings', properties: { logs: [{ categoryGroup: 'allLogs', enabled: UNKNOWN }, { categoryGroup: 'audit', enabled: true }] } });
    const c = (op: any) => evalOn({ count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled', equals: true } }, ...op }, d);
    expect(c({ greaterOrEquals: 1 })).toBe(true); // 1 or 2
    expect(c({ equals: 2 })).toBe('unknown');
    expect(c({ greater: 2 })).toBe(false);
  });
});

describe('trace', () => {
  test('names each node by its JSON path with the value seen', () => {
    const r = account({ publicNetworkAccess: 'Enabled' });
    const t = evaluateCondition({ allOf: [{ field: 'type', equals: ST }, { field: `${ST}/publicNetworkAccess`, notEquals: 'Disabled' }] }, ctx(r, {}, true)).trace!;
    expect(t.path).toBe('if');
    expect(t.children!.map((c) => [c.path, c.text, c.result])).toEqual([
      ['if.allOf[0]', `field type = "${ST}" equals "${ST}"`, true],
      ['if.allOf[1]', `field ${ST}/publicNetworkAccess = "Enabled" notEquals "Disabled"`, true],
    ]);
  });
});
