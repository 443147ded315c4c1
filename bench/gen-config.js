'use strict';
/** Generates a valid landing-zone config with N workloads (deterministic), for benchmarks. */
const crypto = require('crypto');
const YAML = require('yaml');
const fs = require('fs');
const path = require('path');

function guid(seed) {
  const h = crypto.createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function generateConfig(n) {
  const reference = YAML.parse(fs.readFileSync(path.join(__dirname, '..', 'landing-zone.yaml'), 'utf8'));
  const workloads = [];
  for (let i = 0; i < n; i++) {
    const production = i % 2 === 0;
    const w = {
      name: `w${String(i).padStart(3, '0')}`,
      environment: production ? 'production' : 'experimentation',
      location: production ? 'swedencentral' : 'westeurope',
      addressSpace: `10.${1 + Math.floor(i / 256)}.${i % 256}.0/24`,
      // A current model both regions offer as DataZoneStandard (azure/models.ts), so synth judges no model as retired.
      openai: { deployments: [{ name: 'chat', model: 'gpt-5.4', version: '2026-03-05', sku: 'DataZoneStandard', capacity: 10 }] },
      machineLearning: i % 3 === 0,
      access: { developersGroupObjectId: guid(`dev${i}`), adminsGroupObjectId: guid(`adm${i}`), ...(production ? { approversGroupObjectId: guid(`apr${i}`) } : {}) },
      budget: { monthlyAmount: 1000, contactEmails: [`team${i}@contoso.example`] },
    };
    if (i % 4 === 3) w.billingScopeId = '/providers/Microsoft.Billing/billingAccounts/1234567/enrollmentAccounts/7654321';
    else w.subscriptionId = guid(`sub${i}`);
    workloads.push(w);
  }
  return { ...reference, workloads };
}

module.exports = { generateConfig };

if (require.main === module) {
  process.stdout.write(YAML.stringify(generateConfig(Number(process.argv[2] || 10))));
}
