#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
import { parseArgs } from 'node:util';
import { readConfig } from './config.ts';
import { startFederation } from './federation.ts';
import { verifyLogCommand } from './commands/log-verify.ts';
import { trustInitCommand } from './commands/trust-init.ts';
import { exchangeVerifyLogCommand } from './commands/exchange-verify-log.ts';
import { PARTS } from './parts/parts.ts';
import { servePart } from './parts/serve-part.ts';
import { benefitsTestCommand } from './commands/benefits-test.ts';

const USAGE = `Usage: tessera <command>

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
  benefits test      run every benefit programme's test cases (per person, over columns, in SQL);
                     exits 1 on any failure
  trust init         the key ceremony: root and issuing CAs, keys encrypted at rest, CA bundle
                     written; runs once (npm start does it by itself in development)
  config             list every setting with its environment variable
  help               this text
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { key: { type: 'string' } } });
  const [command, sub] = positionals;
  switch (command) {
    case 'start': {
      const loaded = readConfig(process.env);
      const federation = await startFederation(loaded.values, { warnings: loaded.warnings });
      const stop = async () => {
        await federation.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'serve': {
      const running = await servePart(sub, positionals.slice(2), process.env, process.stdout);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'log':
      if (sub === 'verify') return verifyLogCommand(readConfig(process.env).values, process.stdout, typeof values.key === 'string' ? values.key : undefined);
      break;
    case 'exchange':
      if (sub === 'verify-log') return exchangeVerifyLogCommand(readConfig(process.env).values, positionals[2], process.stdout);
      break;
    case 'benefits':
      if (sub === 'test') return benefitsTestCommand(process.stdout);
      break;
    case 'trust':
      if (sub === 'init') return trustInitCommand(readConfig(process.env).values, process.stdout);
      break;
    case 'config': {
      const { configSpec } = await import('./config.ts');
      const { serveConfigSpec } = await import('./parts/serve-config.ts');
      for (const option of [...Object.values(configSpec), ...Object.values(serveConfigSpec)]) process.stdout.write(`${option.env.padEnd(32)} ${option.description}\n`);
      return 0;
    }
    case undefined:
    case 'help':
      process.stdout.write(USAGE);
      return 0;
  }
  process.stderr.write(`Unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
