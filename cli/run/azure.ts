/**
 * What the commands that talk to Azure share: the cloud (`--cloud` sets authority host, ARM endpoint
 * and token scope together; `--arm-endpoint` overrides the endpoint alone, for tests and private
 * endpoints of ARM), the credential (DefaultAzureCredential: environment, workload identity, managed
 * identity, Azure CLI), and the mapping of Azure errors to the exit-code contract.
 */
import type { TokenCredential } from '@azure/identity';
import { ArmClient, AzureRequestError } from '../../azure-client/client';
import { Clock } from '../../azure-client/retry';
import { CLOUD_NAMES, CLOUDS, CloudEndpoints, isCloudName } from '../../azure/clouds';
import { UserError } from '../errors';
import { EXIT } from '../exit-codes';

/** Injected by tests (a static credential, the fake server's CA, a clock that never sleeps). */
export interface AzureDeps {
  credential?: TokenCredential;
  ca?: string;
  clock?: Clock;
  /** Whether stderr is a terminal (progress line). @default process.stderr.isTTY */
  tty?: boolean;
}

export interface AzureFlags {
  cloud?: string;
  armEndpoint?: string;
  graphEndpoint?: string;
  concurrency?: string;
}

export function cloudOf(flags: AzureFlags): CloudEndpoints {
  const name = flags.cloud ?? 'AzureCloud';
  if (!isCloudName(name)) throw new UserError(`--cloud ${name}: unknown cloud; expected one of ${CLOUD_NAMES.join(', ')}`, EXIT.USAGE);
  return CLOUDS[name];
}

function endpoint(flag: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UserError(`${flag} ${value}: not a URL`, EXIT.USAGE);
  }
  if (u.protocol !== 'https:') throw new UserError(`${flag} ${value}: must be https (Azure's pipeline never sends a token over plain HTTP)`, EXIT.USAGE);
  return u.origin;
}

export function credentialFor(cloud: CloudEndpoints, deps: AzureDeps): TokenCredential {
  if (deps.credential) return deps.credential;
  // Loaded here: @azure/identity costs ~150 ms, paid only by commands that talk to Azure.
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return new DefaultAzureCredential({ authorityHost: cloud.authorityHost });
}

export function armClient(flags: AzureFlags, deps: AzureDeps, onResponse?: () => void): ArmClient {
  const cloud = cloudOf(flags);
  const concurrency = flags.concurrency === undefined ? 16 : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UserError(`--concurrency ${flags.concurrency}: expected a whole number from 1 to 64`, EXIT.USAGE);
  return new ArmClient({
    endpoint: flags.armEndpoint ? endpoint('--arm-endpoint', flags.armEndpoint) : cloud.armEndpoint,
    scope: cloud.armScope,
    credential: credentialFor(cloud, deps),
    ca: deps.ca,
    clock: deps.clock,
    concurrency,
    onResponse,
  });
}

export function graphClient(flags: AzureFlags, deps: AzureDeps): ArmClient {
  const cloud = cloudOf(flags);
  return new ArmClient({
    endpoint: flags.graphEndpoint ? endpoint('--graph-endpoint', flags.graphEndpoint) : cloud.graphEndpoint,
    scope: cloud.graphScope,
    credential: credentialFor(cloud, deps),
    ca: deps.ca,
    clock: deps.clock,
    concurrency: 4,
  });
}

/** Azure errors that stop a command: authentication and network are the environment (exit 3). */
export function azureUserError(e: unknown): unknown {
  if (e instanceof AzureRequestError) {
    if (e.kind === 'auth') return new UserError(`Azure authentication failed: ${e.message} (sign in with az login, or set AZURE_CLIENT_ID/AZURE_TENANT_ID for workload identity)`, EXIT.ENVIRONMENT);
    if (e.kind === 'network' || e.kind === 'throttled' || e.kind === 'server') return new UserError(`Azure unreachable: ${e.message}`, EXIT.ENVIRONMENT);
    if (e.kind === 'forbidden' || e.kind === 'not-found') return new UserError(`the scope could not be read: ${e.message}`, EXIT.PARTIAL);
    return new UserError(e.message, EXIT.ENVIRONMENT);
  }
  return e;
}
