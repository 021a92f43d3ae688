#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
import { enableCompileCache } from 'node:module';
import { parseArgs } from 'node:util';
import { untilSignalled } from './until-signalled.ts';
import { registerPackageScopeHook } from './package-scope-hook.ts';

// Node keeps the compiled code of every module (TypeScript stripped) in its cache folder, so
// every start after the first skips compiling some thousand files.
enableCompileCache();
// And resolves drizzle-orm's modules without re-reading its large package.json for each of them.
registerPackageScopeHook();

// Every other module is imported when its command runs: `start` installs its signal handlers
// before the second or so that loading the contexts takes, so a Ctrl+C then stops it cleanly too.
const usage = async () => {
  const { PARTS } = await import('./parts/parts.ts');
  return `Usage: tessera <command>

Commands:
  start              run the whole federation (authority portal, officer console, payment sandbox)
                     on embedded storage with the Seoul pilot demo world
  serve <part> [args]
                     run one part as its own process against PostgreSQL (DATABASE_URL), configured
                     from the environment; several processes of a part can share a load balancer.
                     Parts: ${Object.entries(PARTS).map(([name, part]) => `${name} — ${part.summary}`).join('\n                     ')}
  log verify [--key public.jwk]
                     check the transparency log independently with only its public key: every
                     leaf, every signed tree head, consistency between heads; exits 1 on any problem
  exchange verify-log <X-Road-Id>
                     prove from the gateways' message logs who sent a message, unchanged, and when
  exchange rotate-client-credential <CLASS/CODE/SUBSYSTEM>
                     on the agencies' shared gateway: a hosted subsystem's information system gets a
                     new secret (written to its file in the data folder); the old one is refused
  exchange revoke-client-credential <CLASS/CODE/SUBSYSTEM>
                     on the agencies' shared gateway: end a hosted subsystem's secret at once,
                     before the registry's next configuration removes the subsystem
  benefits test      run every benefit programme's test cases (per person, over columns, in SQL);
                     exits 1 on any failure
  benefits add-author <username> --name <display name> --organisation <organisation>
                     create a policy author in the benefits service's own database
                     (TESSERA_BENEFITS_DATABASE_URL); the password is read from standard input
  credentials add-staff <username> --role <issuer_admin|issuing_desk> --name <display name> --organisation <organisation>
                     create a staff member of the credentials part in its own database
                     (TESSERA_CREDENTIALS_DATABASE_URL); the password is read from standard input
  centre rotate-log-key [--switch]
                     on the centre's side: make the transparency log's next key (sealed beside the
                     current one) and print the rotation statement for each live centre, signed by
                     both keys, for the authority's overseer to approve; --switch: sign with the
                     approved key from the centre's next start (docs/centre-log-key-rotation.md)
  trust init         the key ceremony: root and issuing CAs, keys encrypted at rest, CA bundle
                     written; runs once (npm start does it by itself in development)
    --offline-root <dir>   keep the root key out of the running system: sealed under
                           TESSERA_ROOT_KEY_ENCRYPTION_KEY in <dir> (removable media)
  config             list every setting with its environment variable
  help               this text
`;
};

/** A second Ctrl+C while stopping does not wait for the first: the conventional 128 + signal number. */
const stopSignals = { signals: process, second: (signal: NodeJS.Signals) => process.exit(signal === 'SIGINT' ? 130 : 143) };

/** A new account's password, from standard input: never an argument, where `ps` and the shell's history would show it. */
async function stdinPassword(): Promise<string> {
  const { text } = await import('node:stream/consumers');
  return (await text(process.stdin)).replace(/\r?\n$/, '');
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Long-lived commands end the process themselves: pooled keep-alive connections would hold it open. */
function exit(code: number): never {
  process.exit(code);
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { key: { type: 'string' }, 'offline-root': { type: 'string' }, name: { type: 'string' }, organisation: { type: 'string' }, role: { type: 'string' }, switch: { type: 'boolean' } } });
  const [command, sub] = positionals;
  const config = async () => (await import('./config.ts')).readConfig(process.env);
  switch (command) {
    case 'start':
      return exit(await untilSignalled(async (signal) => {
        const loaded = await config();
        const { startFederation } = await import('./federation.ts');
        const federation = await startFederation(loaded.values, { warnings: loaded.warnings, signal });
        return { close: () => federation.stop() };
      }, stopSignals));
    case 'serve':
      return exit(await untilSignalled(async () => {
        const { servePart } = await import('./parts/serve-part.ts');
        return servePart(sub, positionals.slice(2), process.env, process.stdout);
      }, stopSignals));
    case 'log':
      if (sub === 'verify') return (await import('./commands/log-verify.ts')).verifyLogCommand((await config()).values, process.stdout, typeof values.key === 'string' ? values.key : undefined);
      break;
    case 'exchange':
      if (sub === 'verify-log') return (await import('./commands/exchange-verify-log.ts')).exchangeVerifyLogCommand((await config()).values, positionals[2], process.stdout);
      if (sub === 'rotate-client-credential' || sub === 'revoke-client-credential') {
        return (await import('./commands/exchange-client-credential.ts')).exchangeClientCredentialCommand((await config()).values, sub === 'rotate-client-credential' ? 'rotate' : 'revoke', positionals[2], process.stdout);
      }
      break;
    case 'benefits':
      if (sub === 'test') return (await import('./commands/benefits-test.ts')).benefitsTestCommand(process.stdout);
      if (sub === 'add-author') {
        return (await import('./commands/benefits-add-author.ts')).benefitsAddAuthorCommand(process.env, { username: positionals[2], displayName: str(values.name), organisation: str(values.organisation), password: await stdinPassword() }, process.stdout);
      }
      break;
    case 'credentials':
      if (sub === 'add-staff') {
        return (await import('./commands/credentials-add-staff.ts')).credentialsAddStaffCommand(process.env, {
          username: positionals[2], role: str(values.role), displayName: str(values.name), organisation: str(values.organisation), password: await stdinPassword(),
        }, process.stdout);
      }
      break;
    case 'centre':
      if (sub === 'rotate-log-key') return (await import('./commands/centre-rotate-log-key.ts')).centreRotateLogKeyCommand((await config()).values, { switch: values.switch === true }, process.stdout);
      break;
    case 'trust':
      if (sub === 'init') {
        const offlineRoot = typeof values['offline-root'] === 'string' ? { directory: values['offline-root'], kek: process.env.TESSERA_ROOT_KEY_ENCRYPTION_KEY } : undefined;
        return (await import('./commands/trust-init.ts')).trustInitCommand((await config()).values, process.stdout, offlineRoot);
      }
      break;
    case 'config': {
      const { configSpec } = await import('./config.ts');
      const { serveConfigSpec } = await import('./parts/serve-config.ts');
      for (const option of [...Object.values(configSpec), ...Object.values(serveConfigSpec)]) process.stdout.write(`${option.env.padEnd(32)} ${option.description}\n`);
      return 0;
    }
    case undefined:
    case 'help':
      process.stdout.write(await usage());
      return 0;
  }
  process.stderr.write(`Unknown command: ${positionals.join(' ')}\n\n${await usage()}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    // The stable code first (a TesseraError's), so that operators and tests can tell failures apart without reading prose.
    const stable = (error as { code?: unknown } | null)?.code;
    const code = error instanceof Error && typeof stable === 'string' ? `${stable}: ` : '';
    process.stderr.write(`${code}${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
