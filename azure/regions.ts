/**
 * Azure public-cloud region names (`az account list-locations --query "[].name"`, physical regions
 * only). A region missing here is a config error rather than a silent typo; add new regions as
 * Azure opens them.
 */
export const AZURE_REGIONS = [
  'australiacentral', 'australiacentral2', 'australiaeast', 'australiasoutheast', 'austriaeast', 'belgiumcentral',
  'brazilsouth', 'brazilsoutheast', 'canadacentral', 'canadaeast', 'centralindia', 'centralus', 'chilecentral',
  'denmarkeast', 'eastasia', 'eastus', 'eastus2', 'francecentral', 'francesouth', 'germanynorth',
  'germanywestcentral', 'indonesiacentral', 'israelcentral', 'italynorth', 'japaneast', 'japanwest',
  'jioindiacentral', 'jioindiawest', 'koreacentral', 'koreasouth', 'malaysiawest', 'mexicocentral',
  'newzealandnorth', 'northcentralus', 'northeurope', 'norwayeast', 'norwaywest', 'polandcentral', 'qatarcentral',
  'southafricanorth', 'southafricawest', 'southcentralus', 'southeastasia', 'southindia', 'spaincentral',
  'swedencentral', 'swedensouth', 'switzerlandnorth', 'switzerlandwest', 'uaecentral', 'uaenorth', 'uksouth',
  'ukwest', 'westcentralus', 'westeurope', 'westindia', 'westus', 'westus2', 'westus3',
] as const;

export type AzureRegion = (typeof AZURE_REGIONS)[number];

/**
 * Short region codes for resource names (CAF recommends a short location code). Unique per region;
 * a test keeps the table complete and collision-free.
 */
export const REGION_SHORT: Record<AzureRegion, string> = {
  australiacentral: 'auc', australiacentral2: 'auc2', australiaeast: 'aue', australiasoutheast: 'ause',
  austriaeast: 'ate', belgiumcentral: 'bec', brazilsouth: 'brs', brazilsoutheast: 'brse', canadacentral: 'cac',
  canadaeast: 'cae', centralindia: 'inc', centralus: 'cus', chilecentral: 'clc', denmarkeast: 'dke',
  eastasia: 'ea', eastus: 'eus', eastus2: 'eus2', francecentral: 'frc', francesouth: 'frs', germanynorth: 'gn',
  germanywestcentral: 'gwc', indonesiacentral: 'idc', israelcentral: 'ilc', italynorth: 'itn', japaneast: 'jpe',
  japanwest: 'jpw', jioindiacentral: 'jic', jioindiawest: 'jiw', koreacentral: 'krc', koreasouth: 'krs',
  malaysiawest: 'myw', mexicocentral: 'mxc', newzealandnorth: 'nzn', northcentralus: 'ncus', northeurope: 'ne',
  norwayeast: 'nwe', norwaywest: 'nww', polandcentral: 'plc', qatarcentral: 'qac', southafricanorth: 'san',
  southafricawest: 'saw', southcentralus: 'scus', southeastasia: 'sea', southindia: 'ins', spaincentral: 'spc',
  swedencentral: 'sdc', swedensouth: 'sds', switzerlandnorth: 'szn', switzerlandwest: 'szw', uaecentral: 'uac',
  uaenorth: 'uan', uksouth: 'uks', ukwest: 'ukw', westcentralus: 'wcus', westeurope: 'we', westindia: 'inw',
  westus: 'wus', westus2: 'wus2', westus3: 'wus3',
};
