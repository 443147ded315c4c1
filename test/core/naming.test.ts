import fc from 'fast-check';
import { Namer, NAME_RULES, ResourceKind, checkName, NamingError } from '../../constructs/core/naming';
import { AZURE_REGIONS, REGION_SHORT } from '../../azure/regions';

const prefixArb = fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/);
// Workload names as the schema admits them: no trailing hyphen, no "--".
const workloadArb = fc.stringMatching(/^[a-z][a-z0-9-]{1,11}$/).filter((n) => !n.endsWith('-') && !n.includes('--'));
const envArb = fc.constantFrom('production' as const, 'experimentation' as const);
const regionArb = fc.constantFrom(...AZURE_REGIONS);
const tenantArb = fc.uuid();
const kinds = Object.keys(NAME_RULES) as ResourceKind[];
const qualifierArb = fc.constantFrom(undefined, 'app', 'cmk', 'ml', 'hub', 'pe');

describe('naming', () => {
  it('gives the CAF-ordered name for the reference workload', () => {
    const n = new Namer({ prefix: 'contoso', tenantId: '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93', workload: 'chat', environment: 'production', location: 'swedencentral' });
    expect(n.name('resourceGroup')).toBe('rg-contoso-chat-prod-sdc');
    expect(n.name('managedIdentity', 'app')).toBe('id-contoso-chat-app-prod-sdc');
    expect(n.name('keyVault')).toMatch(/^kv-contoso-chat-p-[a-z0-9]{5}$/);
    expect(n.name('storageAccount')).toMatch(/^stcontosochatp[a-z0-9]{5}$/);
    const platform = new Namer({ prefix: 'contoso', tenantId: '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93', workload: 'platform', environment: 'platform', location: 'swedencentral' });
    expect(platform.name('logAnalyticsWorkspace')).toBe('log-contoso-platform-sdc');
  });

  it('every name is valid for its resource type, for every valid input', () => {
    fc.assert(fc.property(prefixArb, workloadArb, envArb, regionArb, tenantArb, qualifierArb, (prefix, workload, environment, location, tenantId, qualifier) => {
      const n = new Namer({ prefix, tenantId, workload, environment, location });
      for (const kind of kinds) {
        const name = n.name(kind, qualifier);
        const rule = NAME_RULES[kind];
        expect(name.length).toBeLessThanOrEqual(rule.max);
        expect(name.length).toBeGreaterThanOrEqual(rule.min);
        expect(name).toMatch(rule.pattern);
        expect(name.startsWith(rule.abbr)).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it('is deterministic', () => {
    fc.assert(fc.property(prefixArb, workloadArb, envArb, regionArb, tenantArb, (prefix, workload, environment, location, tenantId) => {
      const a = new Namer({ prefix, tenantId, workload, environment, location });
      const b = new Namer({ prefix, tenantId, workload, environment, location });
      for (const kind of kinds) expect(a.name(kind)).toBe(b.name(kind));
    }), { numRuns: 100 });
  });

  it('never gives two workloads the same name for a resource type', () => {
    fc.assert(fc.property(prefixArb, fc.uniqueArray(workloadArb, { minLength: 2, maxLength: 20 }), envArb, regionArb, tenantArb, (prefix, workloads, environment, location, tenantId) => {
      for (const kind of kinds) {
        const names = workloads.map((workload) => new Namer({ prefix, tenantId, workload, environment, location }).name(kind));
        expect(new Set(names).size).toBe(names.length);
      }
    }), { numRuns: 200 });
  });

  it('gives globally unique names a suffix that changes with the tenant', () => {
    const base = { prefix: 'contoso', workload: 'chat', environment: 'production' as const, location: 'swedencentral' as const };
    const a = new Namer({ ...base, tenantId: '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93' });
    const b = new Namer({ ...base, tenantId: '00000000-0000-0000-0000-000000000001' });
    expect(a.name('storageAccount')).not.toBe(b.name('storageAccount'));
    expect(a.name('resourceGroup')).toBe(b.name('resourceGroup'));
  });

  it('rejects a name that breaks its type rules with what was received and what is allowed', () => {
    expect(() => checkName('storageAccount', 'st-has-hyphens')).toThrow(NamingError);
    expect(() => checkName('keyVault', 'kv-this-name-is-much-too-long-for-a-vault')).toThrow(/is 41 characters; Azure allows 3-24/);
  });

  it('has a unique short code for every region', () => {
    const codes = AZURE_REGIONS.map((r) => REGION_SHORT[r]);
    expect(codes.every(Boolean)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
