// Runs the built services (dist/) as real processes, the way `npm start` and production run them.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../harness/docker';

export type ServiceName = 'ingest' | 'normalizer' | 'indexer' | 'query' | 'monitor';

export interface RunningService {
  name: ServiceName;
  url: string;
  pid: number;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** Resolves once the process exited, with its exit code (null when a signal ended it) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal (SIGKILL, SIGTERM) and returns at once. */
  signal(signal: NodeJS.Signals): void;
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
  // The free port can be taken by another process before the service binds it; the service then exits at once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnService(name, env, await freePort());
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function spawnService(name: ServiceName, env: Record<string, string>, port: number): Promise<RunningService> {
  const entry = serviceEntry(name);
  // The heap cap production runs with (docker-compose.yml, npm start).
  const child = spawn(process.execPath, ['--enable-source-maps', '--max-old-space-size=192', entry], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env, [HEALTH_PORT_VARIABLE[name]]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(child, `${url}/health`, () => output, name);
  } catch (error) {
    if (output.includes('EADDRINUSE')) throw new PortTakenError(`${name}: port ${port} was taken`);
    throw error;
  }
  return {
    name,
    url,
    pid: child.pid ?? 0,
    output: () => output,
    exited,
    signal: (signal) => child.kill(signal),
    stop: () => terminate(child),
  };
}

/** The built service: dist/apps/... beside the sources, or the sibling of this file when it runs compiled (bench). */
function serviceEntry(name: ServiceName): string {
  const fromSources = join(__dirname, '..', '..', 'dist', 'apps', name, 'src', 'main.js');
  return existsSync(fromSources) ? fromSources : join(__dirname, '..', '..', 'apps', name, 'src', 'main.js');
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
