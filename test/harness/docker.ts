// Pieces shared by the container harness: labels, free ports, log reading and the images to run.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import type { StartedTestContainer } from 'testcontainers';

// The Ryuk reaper image cannot be pulled here, so containers are stopped by the harness itself
// (stop() in each suite, stale ones by global-setup). scripts/test.sh sets this too.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

/** Label on every container the harness starts; global-setup removes stale ones by it. */
export const HARNESS_LABEL = 'cleanwire.test';
/** Label holding the pid of the test process that owns the container. */
export const OWNER_PID_LABEL = 'cleanwire.test.pid';

export const LOCAL_REDIS_IMAGE = 'local/redis:test';
export const LOCAL_KAFKA_IMAGE = 'local/kafka-mock:test';

/** Labels for a container owned by this process. */
export function harnessLabels(role: string): Record<string, string> {
  return { [HARNESS_LABEL]: role, [OWNER_PID_LABEL]: String(process.pid) };
}

/** A TCP port that was free on 127.0.0.1 a moment ago (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Follows a container's log (stdout and stderr) until a line matches; returns the match. */
export async function waitForLogMatch(
  container: StartedTestContainer,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  const stream = await container.logs();
  return new Promise((resolve, reject) => {
    let buffered = '';
    const finish = (error: Error | null, match?: RegExpMatchArray): void => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.destroy();
      if (error) reject(error);
      else resolve(match as RegExpMatchArray);
    };
    const timer = setTimeout(
      () => finish(new Error(`container log did not match ${pattern} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    stream.on('data', (chunk: Buffer | string) => {
      buffered += chunk.toString();
      const match = buffered.match(pattern);
      if (match) finish(null, match);
    });
    stream.once('error', (error: Error) => finish(error));
    stream.once('end', () => finish(new Error(`container log ended without a line matching ${pattern}`)));
  });
}

/** Sends a signal to a container's main process: SIGSTOP freezes it (sockets stay open, nothing answers), SIGCONT resumes it. */
export async function signalContainer(
  container: StartedTestContainer,
  signal: 'SIGSTOP' | 'SIGCONT' | 'SIGKILL',
): Promise<void> {
  await promisify(execFile)('docker', ['kill', '--signal', signal, container.getId()], { timeout: 15_000 });
}
