// The broker and Redis a benchmark runs against, started as local processes on free loopback ports (the way
// `npm start` does): librdkafka's mock cluster through kcat, and an in-memory redis-server. Nothing outlives the run.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../test/harness/docker';

export interface LocalProcess {
  pid: number;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface LocalKafka extends LocalProcess {
  brokers: string[];
}

export interface LocalRedis extends LocalProcess {
  url: string;
}

const running = new Set<number>();

/** Kills the process (SIGKILL) if the benchmark exits or is interrupted before stopping it. */
export function killOnExit(pid: number): void {
  running.add(pid);
}

function killAll(): void {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Starts a child process and keeps what it prints; every child is killed when the benchmark exits. */
export function spawnChild(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): LocalProcess {
  const child = spawn(command, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) killOnExit(child.pid);
  child.once('exit', () => running.delete(child.pid ?? 0));
  let output = '';
  const keep = (chunk: Buffer): void => {
    // Keep the tail only: a long run must not grow the benchmark's own memory.
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return { pid: child.pid, output: () => output, stop: () => terminate(child) };
}

/** Starts a child process and waits until it prints a line matching `ready`. */
export async function startUntil(command: string, args: readonly string[], ready: RegExp): Promise<LocalProcess> {
  const child = spawnChild(command, args);
  try {
    return await waitFor(() => (ready.test(child.output()) ? child : undefined), `${args[0] ?? command} start`);
  } catch (error) {
    await child.stop();
    throw new Error(`${String(error)}\n${child.output()}`);
  }
}

/** Waits for a child to exit after SIGTERM, and kills it after `graceMs`. */
export async function terminate(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

// A benchmark interrupted with Ctrl-C, or failing, leaves no broker, Redis or service behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
process.once('exit', killAll);

/** Polls `check` until it returns a value, or fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// librdkafka prints "Mock cluster ... bootstrap.servers=127.0.0.1:P1,..." with `-d mock`.
const MOCK_BOOTSTRAP = /bootstrap\.servers=(127\.0\.0\.1:\d+(?:,127\.0\.0\.1:\d+)*)/;

/** librdkafka's mock cluster (3 brokers, topics auto-created with 4 partitions, ~5 MB per partition log). */
export async function startMockKafka(): Promise<LocalKafka> {
  const kcat = spawnChild('kcat', [
    '-C',
    '-b',
    'unused:9092',
    '-t',
    '_keepalive',
    '-X',
    'test.mock.num.brokers=3',
    '-d',
    'mock',
  ]);
  try {
    const brokers = await waitFor(() => MOCK_BOOTSTRAP.exec(kcat.output())?.[1], 'the mock Kafka cluster start');
    return { ...kcat, brokers: brokers.split(',') };
  } catch (error) {
    await kcat.stop();
    throw error;
  }
}

/** An in-memory redis-server (no snapshots, no AOF) on a free loopback port. */
export async function startRedisServer(): Promise<LocalRedis> {
  const port = await freePort();
  const redis = spawnChild('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  try {
    await waitFor(() => (/Ready to accept connections/.test(redis.output()) ? true : undefined), 'redis-server start');
    return { ...redis, url: `redis://127.0.0.1:${port}` };
  } catch (error) {
    await redis.stop();
    throw error;
  }
}
