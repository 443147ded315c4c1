'use strict';
/**
 * Builds one large Terraform JSON file for the `check` memory benchmark: the resources of a real
 * workload stack (the `workload-research` stack of a reference synth) copied until the file reaches
 * the target size, each copy's resource names suffixed and its references rewritten to the copy, and
 * a fixed set of misconfigurations in every copy so that every format has tens of thousands of
 * findings to write (more than GitHub's 25,000 SARIF results per run). Deterministic.
 */
const fs = require('fs');

/** Misconfigurations applied to every copy: [resource type, attribute, value]. */
const BREAK = [
  ['azurerm_cognitive_account', 'local_auth_enabled', true],
  ['azurerm_cognitive_account', 'public_network_access_enabled', true],
  ['azurerm_key_vault', 'purge_protection_enabled', false],
  ['azurerm_key_vault', 'public_network_access_enabled', true],
  ['azurerm_storage_account', 'shared_access_key_enabled', true],
  ['azurerm_storage_account', 'public_network_access_enabled', true],
  ['azurerm_storage_account', 'min_tls_version', 'TLS1_0'],
  ['azurerm_container_registry', 'admin_enabled', true],
  ['azurerm_machine_learning_workspace', 'public_network_access_enabled', true],
  ['azurerm_role_assignment', 'principal_type', '${var.principal_type}'],
];

/**
 * Writes `file` with at least `targetBytes` of pretty-printed Terraform JSON made from `template` (a
 * parsed cdk.tf.json). Returns { bytes, resources, copies }.
 */
function writeLargeTerraformJson(template, file, targetBytes) {
  const resources = template.resource;
  const names = [];
  for (const type of Object.keys(resources)) for (const name of Object.keys(resources[type])) names.push(name);
  const nameRe = new RegExp(`\\b(${names.map((n) => n.replace(/[^A-Za-z0-9_]/g, '\\$&')).sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');
  const broken = JSON.parse(JSON.stringify(resources));
  for (const [type, attr, value] of BREAK) for (const body of Object.values(broken[type] ?? {})) body[attr] = value;

  const head = { '//': template['//'], terraform: template.terraform, provider: template.provider, variable: { ...(template.variable ?? {}), principal_type: { type: 'string' } } };
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  const write = (s) => {
    fs.writeSync(fd, s);
    bytes += Buffer.byteLength(s);
  };
  write(`${JSON.stringify(head, null, 2).slice(0, -2)},\n  "resource": {\n`);
  // One object per resource type, holding every copy's resources of that type.
  const typeBodies = Object.keys(broken).map((type) => [type, JSON.stringify(broken[type], null, 2).slice(2, -2).replace(/\n/g, '\n    ')]);
  // Size of one copy as written (indented, names suffixed), to reach the target and not much more.
  const perCopy = typeBodies.reduce((n, [, s]) => n + Buffer.byteLength(s.replace(nameRe, (x) => `${x}_c999`)) + 6, 0);
  const copies = Math.ceil(targetBytes / perCopy);
  let count = 0;
  typeBodies.forEach(([type, text], ti) => {
    write(`    ${JSON.stringify(type)}: {\n`);
    const inner = text;
    for (let c = 0; c < copies; c++) {
      write(`    ${inner.replace(nameRe, (n) => `${n}_c${c}`)}${c < copies - 1 ? ',' : ''}\n`);
      count += Object.keys(broken[type]).length;
    }
    write(`    }${ti < typeBodies.length - 1 ? ',' : ''}\n`);
  });
  write('  }\n}\n');
  fs.closeSync(fd);
  return { bytes, resources: count, copies };
}

module.exports = { writeLargeTerraformJson };
