/**
 * The parser behind `scripts/refresh-model-availability.js`, on a small matrix written here in the
 * layout of Microsoft's region includes (one tab per deployment type, ✅ / - cells, "Not available").
 */
import { mergeMatrices, parseRegionMatrix, renderAvailability } from '../../scripts/model-matrix';

const EUROPE = `---
ms.date: 04/30/2026
---

# [Global Standard](#tab/global-standard)

| **Model** | **Version** | **swedencentral** | **westeurope** |
| :--- | :--- | :---: | :---: |
| gpt-5.5 | 2026-04-24 | ✅ | - |
| whisper | 001 | ✅ | ✅ |

# [Data Zone Standard](#tab/data-zone-standard)

| **Model** | **Version** | **swedencentral** | **westeurope** |
| :--- | :--- | :---: | :---: |
| gpt-5.5 | 2026-04-24 | ✅ | - |
| gpt-5.4 | 2026-03-05 | - | - |

# [Data Zone Batch](#tab/data-zone-batch)

Not available
`;

const AMERICAS = `# [Global Standard](#tab/az-global-standard)

| **Model** | **Version** | **eastus2** |
| :--- | :--- | :---: |
| gpt-5.5 | 2026-04-24 | ✅ |
`;

test('reads every tab as its deployment type and every ✅ as a region', () => {
  expect(parseRegionMatrix(EUROPE)).toEqual([
    { sku: 'GlobalStandard', model: 'gpt-5.5', version: '2026-04-24', regions: ['swedencentral'] },
    { sku: 'GlobalStandard', model: 'whisper', version: '001', regions: ['swedencentral', 'westeurope'] },
    { sku: 'DataZoneStandard', model: 'gpt-5.5', version: '2026-04-24', regions: ['swedencentral'] },
    { sku: 'DataZoneStandard', model: 'gpt-5.4', version: '2026-03-05', regions: [] },
  ]);
});

test('merges region groups, keeps only catalogued models and drops SKUs no region offers', () => {
  const merged = mergeMatrices([...parseRegionMatrix(AMERICAS), ...parseRegionMatrix(EUROPE)], (m) => m !== 'whisper');
  expect(merged).toEqual({
    'gpt-5.5': { '2026-04-24': { GlobalStandard: ['eastus2', 'swedencentral'], DataZoneStandard: ['swedencentral'] } },
  });
  expect(renderAvailability(merged)).toBe([
    "  'gpt-5.5': {",
    "    '2026-04-24': {",
    "      DataZoneStandard: ['swedencentral'],",
    "      GlobalStandard: ['eastus2', 'swedencentral'],",
    '    },',
    '  },',
  ].join('\n'));
});

test('refuses what it does not understand instead of guessing', () => {
  expect(() => parseRegionMatrix('# [Developer Tier](#tab/dev)\n', 'x.md')).toThrow('x.md:1: unknown deployment type tab "Developer Tier"');
  expect(() => parseRegionMatrix(`${AMERICAS}| gpt-5.4 | 2026-03-05 | ✅ | ✅ |\n`, 'x.md')).toThrow('x.md:6: 4 cells, expected 3');
  expect(() => parseRegionMatrix(`${AMERICAS}| gpt-5.4 | 2026-03-05 | yes |\n`, 'x.md')).toThrow('x.md:6: unexpected cell "yes" for eastus2');
});
