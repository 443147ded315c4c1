/**
 * The command framework future commands build on (cli/command.ts, cli/errors.ts): a command is
 * `defineCommand({...})`, what it throws maps to the exit-code table, and `--fail-on` means the same
 * everywhere.
 */
import { defineCommand, failOnOption, findingsExitCode, FailOn } from '../../cli/command';
import { ExternalCommandError, fileError, INTERNAL_ERROR_EXIT, UserError, worstExitCode } from '../../cli/errors';
import { UserError as UserErrorFromAtomic } from '../../cli/atomic';
import { EXIT } from '../../cli/exit-codes';
import { runCommands } from '../../cli/main';
import { ConfigError } from '../../config/load';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

/** A system error as Node raises it. */
const errno = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} ${path}`), { code, syscall, path });

const seen: Record<string, unknown> = {};
const commands = [
  defineCommand({ name: 'ok', description: 'succeeds', run: () => EXIT.OK }),
  defineCommand({ name: 'partial', description: 'one scope unreadable', run: () => EXIT.PARTIAL }),
  defineCommand({ name: 'external', description: 'terraform fails', run: () => { throw new ExternalCommandError('terraform plan', 'workload-chat', 1); } }),
  defineCommand({ name: 'readonly', description: 'disk is read-only', run: () => { throw errno('EROFS', 'mkdir', '/mnt/out'); } }),
  defineCommand({ name: 'denied', description: 'wrapped permission error', run: () => { throw fileError(errno('EACCES', 'open', 'x'), 'read', 'plan.json'); } }),
  defineCommand({ name: 'missing', description: 'wrapped missing file', run: () => { throw fileError(errno('ENOENT', 'open', 'x'), 'read', 'plan.json'); } }),
  defineCommand({ name: 'config', description: 'invalid config', run: () => { throw new ConfigError(['lz.yaml: a: bad', 'lz.yaml: b: bad']); } }),
  defineCommand({ name: 'bug', description: 'a bug', run: () => { throw new TypeError('x is undefined'); } }),
  defineCommand({ name: 'async-user', description: 'async user error', run: async () => { throw new UserError('--scope: not found', EXIT.USAGE); } }),
  defineCommand<{ failOn: FailOn }>({
    name: 'findings', description: 'a warning', configure: (cmd) => failOnOption(cmd, { allowNone: true }),
    run: (opts) => findingsExitCode([{ severity: 'warning' }], opts.failOn),
  }),
  defineCommand<{ fromCatalog?: boolean }>({
    name: 'policy explain', description: 'a subcommand with an argument',
    configure: (cmd) => cmd.argument('<id>').option('--from-catalog'),
    run: (opts, _ctx, args) => { seen.explain = { args, opts }; return EXIT.OK; },
  }),
  defineCommand({ name: 'policy pull', description: 'a second subcommand of the same group', run: () => { seen.pull = true; return EXIT.OK; } }),
];

const run = async (...argv: string[]) => {
  const c = capture();
  const code = await runCommands(commands, argv, { io: c.io, env: {}, deps: {} });
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
};

describe('command framework', () => {
  test.each([
    ['ok', EXIT.OK, /^$/],
    ['partial', EXIT.PARTIAL, /^$/],
    ['external', EXIT.EXTERNAL, /^ailz: terraform plan failed for stack workload-chat \(exit 1\)$/],
    ['readonly', EXIT.ENVIRONMENT, /^ailz: cannot mkdir \/mnt\/out: read-only file system \(EROFS\)$/],
    ['denied', EXIT.ENVIRONMENT, /^ailz: cannot read plan\.json: permission denied \(EACCES\)$/],
    ['missing', EXIT.USAGE, /^ailz: cannot read plan\.json: no such file or directory \(ENOENT\)$/],
    ['config', EXIT.USAGE, /^lz\.yaml: a: bad\nlz\.yaml: b: bad\nailz: 2 problems in the config; nothing was written$/],
    ['async-user', EXIT.USAGE, /^ailz: --scope: not found$/],
    ['bug', INTERNAL_ERROR_EXIT, /^ailz: internal error: x is undefined\nailz: set AILZ_DEBUG=1/],
  ])('%s exits %i', async (name, code, err) => {
    const r = await run(name);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(err);
  });

  test('--fail-on decides whether findings fail', async () => {
    expect((await run('findings')).code).toBe(EXIT.OK);
    expect((await run('findings', '--fail-on', 'warning')).code).toBe(EXIT.FINDINGS);
    expect((await run('findings', '--fail-on', 'error')).code).toBe(EXIT.OK);
    expect((await run('findings', '--fail-on', 'none')).code).toBe(EXIT.OK);
    expect((await run('findings', '--fail-on', 'info')).code).toBe(EXIT.USAGE);
  });

  test('findingsExitCode: suppressed findings never fail; errors fail at error and warning', () => {
    expect(findingsExitCode([{ severity: 'error' }])).toBe(EXIT.FINDINGS);
    expect(findingsExitCode([{ severity: 'error', suppressed: { justification: 'j', expires: '2099-01-01' } }])).toBe(EXIT.OK);
    expect(findingsExitCode([{ severity: 'error' }], 'warning')).toBe(EXIT.FINDINGS);
    expect(findingsExitCode([{ severity: 'warning' }], 'error')).toBe(EXIT.OK);
    expect(findingsExitCode([], 'warning')).toBe(EXIT.OK);
  });

  test('subcommands of one group share it; arguments and options reach run()', async () => {
    expect((await run('policy', 'explain', 'deny-public-network', '--from-catalog')).code).toBe(EXIT.OK);
    expect(seen.explain).toEqual({ args: ['deny-public-network'], opts: { fromCatalog: true } });
    expect((await run('policy', 'pull')).code).toBe(EXIT.OK);
    expect(seen.pull).toBe(true);
    expect((await run('policy', 'explain')).code).toBe(EXIT.USAGE);
    expect((await run('policy', 'frobnicate')).code).toBe(EXIT.USAGE);
  });

  test('worstExitCode: the most severe part decides a multi-stack run', () => {
    expect(worstExitCode([])).toBe(EXIT.OK);
    expect(worstExitCode([EXIT.OK, EXIT.FINDINGS, EXIT.PARTIAL])).toBe(EXIT.PARTIAL);
    expect(worstExitCode([EXIT.FINDINGS, EXIT.EXTERNAL, EXIT.USAGE])).toBe(EXIT.EXTERNAL);
    expect(worstExitCode([EXIT.ENVIRONMENT, INTERNAL_ERROR_EXIT])).toBe(INTERNAL_ERROR_EXIT);
  });

  test('UserError is one class, re-exported by cli/atomic for existing importers; its default is a usage error', () => {
    expect(UserErrorFromAtomic).toBe(UserError);
    expect(new UserError('x').exitCode).toBe(EXIT.USAGE);
  });
});
