import { readFileSync } from 'fs';
import { join } from 'path';
import { PRIVATE_ENDPOINT_SUBRESOURCES, PRIVATE_DNS_ZONE_NAMES, zonesFor } from '../../constructs/core/private-dns-zones';

interface Row { resourceType: string; subresource: string; zoneName: string }
const rows: Row[] = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'shared', 'reference', 'private-dns-zones.json'), 'utf8'),
).entries;

describe('private DNS zone catalog', () => {
  it.each(Object.entries(PRIVATE_ENDPOINT_SUBRESOURCES))('%s lists exactly the concrete zones Microsoft documents', (sub, def) => {
    const documented = rows
      .filter((r) => r.resourceType.toLowerCase() === def.resourceType.toLowerCase() && r.subresource.toLowerCase() === sub.toLowerCase())
      .map((r) => r.zoneName)
      .filter((z) => !z.includes('{'))
      .sort();
    expect([...def.zones].sort()).toEqual(documented);
  });

  it('covers every zone the landing zone must resolve privately', () => {
    expect(PRIVATE_DNS_ZONE_NAMES).toEqual(expect.arrayContaining([
      'privatelink.openai.azure.com', 'privatelink.cognitiveservices.azure.com', 'privatelink.services.ai.azure.com',
      'privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net', 'privatelink.vaultcore.azure.net',
      'privatelink.blob.core.windows.net', 'privatelink.file.core.windows.net', 'privatelink.dfs.core.windows.net',
      'privatelink.queue.core.windows.net', 'privatelink.table.core.windows.net', 'privatelink.azurecr.io',
      'privatelink.search.windows.net',
    ]));
    expect([...PRIVATE_DNS_ZONE_NAMES]).toEqual([...new Set(PRIVATE_DNS_ZONE_NAMES)].sort());
  });

  it('registers an OpenAI account endpoint in all three AI zones', () => {
    expect(zonesFor('account')).toEqual(['privatelink.cognitiveservices.azure.com', 'privatelink.openai.azure.com', 'privatelink.services.ai.azure.com']);
  });
});
