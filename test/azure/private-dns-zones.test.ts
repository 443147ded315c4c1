import { PRIVATE_DNS_ZONE_NAMES, zonesFor } from '../../azure/private-dns-zones';

describe('private DNS zone catalog', () => {
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
