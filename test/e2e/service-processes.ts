// Runs the built services (dist/) as real processes, the way `npm start` and production run them.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

export interface ServiceOptions {
  /** Extra node options, e.g. `--cpu-prof`. */
  nodeArgs?: readonly string[];
  /** The service's working directory (where `--cpu-prof` writes its profile). */
  cwd?: string;
  /** Where the service's output goes; without it, output is kept in memory. */
  logFile?: string;
}

/** The repository root, whether this runs from source (test/e2e) or compiled (dist/test/e2e). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The V8 flags each service runs with, as `npm start` and compose run them (scripts/node-flags.json). */
function nodeFlags(): Partial<Record<ServiceName, string[]>> {
  return JSON.parse(readFileSync(join(repositoryRoot(), 'scripts', 'node-flags.json'), 'utf8')) as Partial<
    Record<ServiceName, string[]>
  >;
}

export async function startService(
  name: ServiceName,
  env: Record<string, string>,
  options: ServiceOptions = {},
): Promise<RunningService> {
  // The free port can be taken by another process before the service binds it; the service then exits at once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnService(name, env, await freePort(), options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function spawnService(
  name: ServiceName,
  env: Record<string, string>,
  port: number,
  options: ServiceOptions,
): Promise<RunningService> {
  const entry = join(repositoryRoot(), 'dist', 'apps', name, 'src', 'main.js');
  const log = options.logFile === undefined ? undefined : openSync(options.logFile, 'a');
  const flags = [...(nodeFlags()[name] ?? []), ...(options.nodeArgs ?? [])];
  const child = spawn(process.execPath, ['--enable-source-maps', ...flags, entry], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env, [HEALTH_PORT_VARIABLE[name]]: String(port) },
    stdio: log === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', log, log],
  });
  if (log !== undefined) closeSync(log);
  let kept = '';
  child.stdout?.on('data', (chunk: Buffer) => (kept += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (kept += chunk.toString()));
  const output = (): string =>
    options.logFile === undefined ? kept : readFileSync(options.logFile, 'utf8').slice(-100_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(child, `${url}/health`, output, name);
  } catch (error) {
    if (output().includes('EADDRINUSE')) throw new PortTakenError(`${name}: port ${port} was taken`);
    throw error;
  }
  return {
    name,
    url,
    pid: child.pid ?? 0,
    output,
    exited,
    signal: (signal) => child.kill(signal),
    stop: () => terminate(child),
  };
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
