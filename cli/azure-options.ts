/** Options every command that reads Azure takes (assess, assess export, policy pull, and later plan/apply). */
import type { Command } from 'commander';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function azureOptions(c: Command): Command {
  return c
    .option('--cloud <name>', 'AzureCloud | AzureUSGovernment | AzureChinaCloud: sets the sign-in authority, the ARM endpoint and the token scope together', 'AzureCloud')
    .option('--arm-endpoint <url>', 'override the ARM endpoint alone (https)')
    .option('--concurrency <n>', 'ARM requests in flight at once (1-64)', '16');
}

/** The scope of a tenant read: management groups and subscriptions, and the Microsoft Graph read. */
export function scopeOptions(c: Command): Command {
  return azureOptions(c)
    .option('--management-group <id>', 'assess the subscriptions under this management group (repeatable)', collect)
    .option('--subscription <id>', 'assess this subscription (repeatable)', collect)
    .option('--graph-endpoint <url>', 'override the Microsoft Graph endpoint (https)')
    .option('--no-graph', 'skip the Microsoft Graph directory read (deleted principals, guests)');
}
