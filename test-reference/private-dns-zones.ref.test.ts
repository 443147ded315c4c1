import { PRIVATE_ENDPOINT_SUBRESOURCES } from '../azure/private-dns-zones';
import { readReference } from './reference';

interface Row { resourceType: string; subresource: string; zoneName: string }
const rows: Row[] = readReference('private-dns-zones.json').entries;

describe('private DNS zone catalog against Microsoft\'s table', () => {
  it.each(Object.entries(PRIVATE_ENDPOINT_SUBRESOURCES))('%s lists exactly the concrete zones Microsoft documents', (sub, def) => {
    const documented = rows
      .filter((r) => r.resourceType.toLowerCase() === def.resourceType.toLowerCase() && r.subresource.toLowerCase() === sub.toLowerCase())
      .map((r) => r.zoneName)
      .filter((z) => !z.includes('{'))
      .sort();
    expect([...def.zones].sort()).toEqual(documented);
  });

});
