// SPDX-License-Identifier: Apache-2.0
import { spawn, type ChildProcess } from 'node:child_process';
import { registry } from '@tessera/exchange';
import type { Database } from '@tessera/platform';

const cli = new URL('../cli.ts', import.meta.url).pathname;

/**
 * `tessera serve <part>` processes of one test file: each started as a child process, resolved
 * with its URLs once it prints its ready line (rejected with its output if it exits first), and
 * all of them stopped by `stopAll` — in `after`, which runs even when `before` failed.
 */
export function partProcesses(baseEnv: () => NodeJS.ProcessEnv) {
  const children: ChildProcess[] = [];
  /** The part's process and its URLs once it is ready (for a test that kills it). */
  const start = (part: string[], extra: NodeJS.ProcessEnv = {}): { child: ChildProcess; ready: Promise<Record<string, string>> } => {
    // The test runner's network guard (NODE_OPTIONS) and its log go with every part's process.
    const guard = { NODE_OPTIONS: process.env.NODE_OPTIONS, TESSERA_NETWORK_GUARD_LOG: process.env.TESSERA_NETWORK_GUARD_LOG };
    const child = spawn(process.execPath, [cli, 'serve', ...part], { env: { ...guard, ...baseEnv(), ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return {
      child,
      ready: new Promise((resolve, reject) => {
        let output = '';
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          const ready = /^ready \S+ (\{.*\})$/m.exec(output);
          if (ready) resolve(JSON.parse(ready[1]!) as Record<string, string>);
        };
        child.stdout!.on('data', collect);
        child.stderr!.on('data', collect);
        child.once('exit', (code) => reject(new Error(`serve ${part.join(' ')} exited with ${code}:\n${output}`)));
      }),
    };
  };
  return {
    start,
    serve: (part: string[], extra: NodeJS.ProcessEnv = {}): Promise<Record<string, string>> => start(part, extra).ready,
    /** SIGTERM to every process still running, SIGKILL to those that do not end within 10 s. */
    stopAll(): Promise<void> {
      return Promise.all(children.map((child) => new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }))).then(() => undefined);
    },
  };
}

/**
 * Waits until the registry has published a configuration naming every provider address (by its
 * port) and each gateway process (by its client URL) has fetched at least that configuration.
 */
export async function gatewaysKnowEachOther(db: Database, providerPorts: Array<number | string>, clientUrls: string[]): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const latest = await registry.latestGlobalConfiguration(db);
    const text = JSON.stringify(latest?.document ?? {});
    if (latest && providerPorts.every((port) => text.includes(`:${port}`))) {
      const serials = await Promise.all(clientUrls.map(async (g) => ((await (await fetch(`${g}/healthz`)).json()) as { configurationSerial?: number }).configurationSerial ?? 0));
      if (serials.every((s) => s >= latest.serial)) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the gateways never received a configuration listing all of them');
}
