// Runs the built services (dist/) as real processes, the way `npm start` and production run them.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../harness/docker';

export type ServiceName = 'ingest' | 'normalizer' | 'indexer' | 'query' | 'monitor';

export interface RunningService {
  name: ServiceName;
  url: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const HEALTH_PORT_VARIABLE: Record<ServiceName, string> = {
  ingest: 'INGEST_PORT',
  query: 'QUERY_PORT',
  normalizer: 'NORMALIZER_HEALTH_PORT',
  indexer: 'INDEXER_HEALTH_PORT',
  monitor: 'MONITOR_PORT',
};

export async function startService(name: ServiceName, env: Record<string, string>): Promise<RunningService> {
  const port = await freePort();
  const entry = join(__dirname, '..', '..', 'dist', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env, [HEALTH_PORT_VARIABLE[name]]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(child, `${url}/health`, () => output, name);
  return { name, url, output: () => output, stop: () => terminate(child) };
}

async function waitUntilHealthy(
  child: ChildProcess,
  healthUrl: string,
  output: () => string,
  name: string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(healthUrl)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not become healthy:\n${output()}`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
