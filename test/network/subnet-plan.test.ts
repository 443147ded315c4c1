import fc from 'fast-check';
import { planHubSubnets, planSpokeSubnets, PlannedSubnet, renderSubnetTable } from '../../config/subnet-plan';
import { Cidr, contains, formatCidr, overlaps, parseCidr, PRIVATE_RANGES, size } from '../../config/cidr';
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadConfigFile } from '../../config/load';

/** An aligned private address space of a prefix length in [min, max]. */
function privateSpace(min: number, max: number): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...PRIVATE_RANGES), fc.integer({ min, max }), fc.nat()).map(([range, prefix, n]) => {
    const p = Math.max(prefix, range.prefix);
    const slots = 2 ** (p - range.prefix);
    return formatCidr({ base: range.base + (n % slots) * 2 ** (32 - p), prefix: p });
  });
}

function asPlan(result: PlannedSubnet[] | string): PlannedSubnet[] {
  if (typeof result === 'string') throw new Error(result);
  return result;
}

const cidrOf = (s: PlannedSubnet) => parseCidr(s.cidr) as Cidr;

describe.each([
  ['spoke', planSpokeSubnets, 16, 24, ['private-endpoints', 'app', 'api-management', 'ml-compute']],
  ['hub', planHubSubnets, 16, 23, ['private-endpoints', 'dns-resolver-inbound', 'dns-resolver-outbound', 'gateway', 'bastion', 'firewall', 'firewall-management', 'api-management']],
] as const)('%s subnet plan', (_kind, plan, min, max, roles) => {
  it('keeps every subnet a valid CIDR inside the address space', () => {
    fc.assert(fc.property(privateSpace(min, max), (space) => {
      const outer = parseCidr(space) as Cidr;
      for (const s of asPlan(plan(space))) {
        expect(typeof parseCidr(s.cidr)).toBe('object');
        expect(contains(outer, cidrOf(s))).toBe(true);
      }
    }));
  });

  it('never overlaps two subnets (reserved ones included)', () => {
    fc.assert(fc.property(privateSpace(min, max), (space) => {
      const subnets = asPlan(plan(space));
      for (let i = 0; i < subnets.length; i++) {
        for (let j = i + 1; j < subnets.length; j++) {
          expect(overlaps(cidrOf(subnets[i]), cidrOf(subnets[j]))).toBe(false);
        }
      }
    }));
  });

  it('is stable: the same space always gives the same plan', () => {
    fc.assert(fc.property(privateSpace(min, max), (space) => {
      expect(plan(space)).toEqual(plan(space));
    }));
  });

  it('lists the roles in a fixed order with unique names', () => {
    fc.assert(fc.property(privateSpace(min, max), (space) => {
      expect(asPlan(plan(space)).map((s) => s.role)).toEqual([...roles]);
    }));
  });

  it('rejects a space one bit smaller than the minimum with a message naming the size', () => {
    fc.assert(fc.property(privateSpace(max + 1, 28), (space) => {
      const result = plan(space);
      expect(typeof result).toBe('string');
      expect(result).toMatch(new RegExp(`too small.*needs a /${max} or larger`));
    }));
  });
});

describe('spoke plan sizes', () => {
  it('uses the whole space: endpoints, app, API Management and ML compute a quarter each', () => {
    fc.assert(fc.property(privateSpace(16, 24), (space) => {
      const outer = parseCidr(space) as Cidr;
      const [pe, app, apim, ml] = asPlan(planSpokeSubnets(space)).map(cidrOf);
      expect([pe.prefix, app.prefix, apim.prefix, ml.prefix]).toEqual([outer.prefix + 2, outer.prefix + 2, outer.prefix + 2, outer.prefix + 2]);
      expect(size(pe) + size(app) + size(apim) + size(ml)).toBe(size(outer));
      // An isolated gateway fits every tier: classic needs a /29, Premium v2 a /27 (azure/api-management.ts).
      expect(apim.prefix).toBeLessThanOrEqual(27);
      expect(pe.base).toBe(outer.base);
    }));
  });

  it('carves a /24 as documented', () => {
    expect(asPlan(planSpokeSubnets('10.1.0.0/24')).map((s) => s.cidr)).toEqual(['10.1.0.0/26', '10.1.0.64/26', '10.1.0.128/26', '10.1.0.192/26']);
  });
});

describe('hub plan', () => {
  it('creates only the shared private-endpoint subnet; Azure-named subnets are reserved with their required names', () => {
    fc.assert(fc.property(privateSpace(16, 23), (space) => {
      const subnets = asPlan(planHubSubnets(space));
      expect(subnets.filter((s) => s.created).map((s) => s.role)).toEqual(['private-endpoints']);
      expect(Object.fromEntries(subnets.filter((s) => s.azureName).map((s) => [s.role, s.azureName]))).toEqual({
        gateway: 'GatewaySubnet', bastion: 'AzureBastionSubnet', firewall: 'AzureFirewallSubnet', 'firewall-management': 'AzureFirewallManagementSubnet',
      });
    }));
  });

  it('gives Bastion and the firewall subnets at least the /26 Azure requires', () => {
    fc.assert(fc.property(privateSpace(16, 23), (space) => {
      for (const s of asPlan(planHubSubnets(space)).filter((x) => ['bastion', 'firewall', 'firewall-management'].includes(x.role))) {
        expect(cidrOf(s).prefix).toBeLessThanOrEqual(26);
      }
    }));
  });
});

describe('README subnet table', () => {
  it('is generated from the plan and the reference deployment (npm run docs)', () => {
    const root = join(__dirname, '..', '..');
    const readme: string = readFileSync(join(root, 'README.md'), 'utf8');
    const start = readme.indexOf('<!-- subnets:start -->');
    const end = readme.indexOf('<!-- subnets:end -->');
    expect(start).toBeGreaterThan(0);
    const config = loadConfigFile(join(root, 'landing-zone.yaml'));
    const table = renderSubnetTable(config.platform.hubAddressSpace, config.workloads.map((w) => ({ name: w.name, addressSpace: w.addressSpace })));
    expect(readme.slice(start + '<!-- subnets:start -->'.length, end).trim()).toBe(table);
    // The reference spokes are /23 and /22: their endpoint subnets are /25 and /24, not the /26 of a /24 (review F27).
    expect(table).toContain('chat `10.1.0.0/25`, research `10.2.0.0/24`');
  });
});
