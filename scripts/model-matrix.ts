/**
 * Turns Microsoft's per-region-group model availability includes (MicrosoftDocs/azure-ai-docs
 * `articles/foundry/openai/includes/model-matrix/region-{americas,europe,asia-pacific,middle-east-africa}.md`)
 * into the availability table of `azure/model-availability.ts`. Used by
 * `scripts/refresh-model-availability.js`; README "Refreshing the model catalog" says where to get the files.
 *
 * Each file has one tab per deployment type (`# [Global Standard](#tab/...)`) holding a table
 * `| Model | Version | <region> | ... |` with `✅` where the region offers that model version as that
 * deployment type, or the text "Not available".
 */

/** Tab titles of the matrices, mapped to the deployment SKU names of `azurerm_cognitive_deployment.sku.name`. */
const TAB_SKUS: Record<string, string> = {
  'global standard': 'GlobalStandard',
  'global provisioned managed': 'GlobalProvisionedManaged',
  'global batch': 'GlobalBatch',
  'data zone standard': 'DataZoneStandard',
  'data zone provisioned managed': 'DataZoneProvisionedManaged',
  'data zone batch': 'DataZoneBatch',
  standard: 'Standard',
  'provisioned managed': 'ProvisionedManaged',
};

export interface MatrixRow {
  sku: string;
  model: string;
  version: string;
  regions: string[];
}

const cells = (line: string) => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.replace(/\*/g, '').trim());

/** Every (deployment type, model, version) row of one region-group file, with the regions that offer it. */
export function parseRegionMatrix(markdown: string, file = 'matrix'): MatrixRow[] {
  const rows: MatrixRow[] = [];
  let sku: string | undefined;
  let header: string[] | undefined;
  markdown.split('\n').forEach((line, i) => {
    const tab = /^#\s*\[([^\]]+)\]\(#tab\//.exec(line);
    if (tab) {
      sku = TAB_SKUS[tab[1].trim().toLowerCase()];
      if (!sku) throw new Error(`${file}:${i + 1}: unknown deployment type tab "${tab[1]}"`);
      header = undefined;
      return;
    }
    if (!line.trim().startsWith('|') || !sku) return;
    const c = cells(line);
    if (c[0].toLowerCase() === 'model') {
      if (c[1].toLowerCase() !== 'version') throw new Error(`${file}:${i + 1}: expected | Model | Version | <regions> |`);
      header = c.slice(2);
      return;
    }
    if (/^:?-+:?$/.test(c[0])) return;
    if (!header) throw new Error(`${file}:${i + 1}: table row before its header`);
    if (c.length !== header.length + 2) throw new Error(`${file}:${i + 1}: ${c.length} cells, expected ${header.length + 2}`);
    const regions: string[] = [];
    c.slice(2).forEach((v, j) => {
      if (v === '✅') regions.push(header![j]);
      else if (v !== '-' && v !== '') throw new Error(`${file}:${i + 1}: unexpected cell "${v}" for ${header![j]}`);
    });
    rows.push({ sku, model: c[0], version: c[1], regions });
  });
  return rows;
}

/** model -> version -> sku -> sorted regions, merged over every region-group file. */
export type Availability = Record<string, Record<string, Record<string, string[]>>>;

export function mergeMatrices(rows: readonly MatrixRow[], keep: (model: string) => boolean): Availability {
  const out: Availability = {};
  for (const r of rows) {
    if (!keep(r.model) || r.regions.length === 0) continue;
    const bySku = ((out[r.model] ??= {})[r.version] ??= {});
    bySku[r.sku] = [...new Set([...(bySku[r.sku] ?? []), ...r.regions])].sort();
  }
  return out;
}

/** The body of `MODEL_AVAILABILITY` in `azure/model-availability.ts`, sorted so a refresh diff shows only real changes. */
export function renderAvailability(a: Availability): string {
  const lines: string[] = [];
  for (const model of Object.keys(a).sort()) {
    lines.push(`  '${model}': {`);
    for (const version of Object.keys(a[model]).sort()) {
      lines.push(`    '${version}': {`);
      for (const sku of Object.keys(a[model][version]).sort()) {
        lines.push(`      ${sku}: [${a[model][version][sku].map((r) => `'${r}'`).join(', ')}],`);
      }
      lines.push('    },');
    }
    lines.push('  },');
  }
  return lines.join('\n');
}
