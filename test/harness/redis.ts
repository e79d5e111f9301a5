// Starts a throw-away Redis for a suite: local/redis:test (built from the host's redis-server by
// global-setup), or the image named by CLEANWIRE_TEST_REDIS_IMAGE (e.g. `redis:7`) where a registry
// is reachable. Host networking on a free port, bound to 127.0.0.1, no persistence.
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { GenericContainer } from 'testcontainers';
import type { StartedTestContainer, WaitStrategy } from 'testcontainers';
import { LOCAL_REDIS_IMAGE, freePort, harnessLabels } from './docker';

export interface RunningRedis {
  /** redis://127.0.0.1:PORT */
  url: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Stops (SIGTERM) and starts the same container on the same port: clients see a dropped connection. Without
   * append-only persistence the data is gone; with it, Redis reloads its append-only file.
   */
  restart(): Promise<void>;
  /** Freezes the server (docker pause, like SIGSTOP): connections stay open and nothing answers. */
  freeze(): Promise<void>;
  /** Lets a frozen server run again. */
  thaw(): Promise<void>;
}

const run = promisify(execFile);

export interface RedisOptions {
  /** Persist every write to an append-only file (fsync each second, as production does). */
  appendOnly?: boolean;
}

export async function startRedis(options: RedisOptions = {}): Promise<RunningRedis> {
  // The free port can be taken by someone else before Redis binds it; Redis then exits at once.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const container = await startContainer(port, options.appendOnly ?? false);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        async stop() {
          await container.stop();
        },
        async restart() {
          await container.restart();
        },
        async freeze() {
          await run('docker', ['pause', container.getId()]);
        },
        async thaw() {
          await run('docker', ['unpause', container.getId()]);
        },
      };
    } catch (error) {
      if (!(error instanceof ContainerExitedError) || attempt === 3) throw error;
    }
  }
}

async function startContainer(port: number, appendOnly: boolean): Promise<StartedTestContainer> {
  const officialImage = process.env.CLEANWIRE_TEST_REDIS_IMAGE;
  // The official image's entrypoint resolves `redis-server` itself; the local rootfs has no shell or PATH to lean on.
  const binary = officialImage ? 'redis-server' : '/usr/bin/redis-server';
  return new GenericContainer(officialImage || LOCAL_REDIS_IMAGE)
    .withNetworkMode('host')
    .withCommand([
      binary,
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', '/data'],
      ...['--appendonly', appendOnly ? 'yes' : 'no'],
    ])
    .withLabels(harnessLabels('redis'))
    .withWaitStrategy(new RedisPingWaitStrategy(port))
    .withStartupTimeout(30_000)
    .start();
}

class ContainerExitedError extends Error {}

type DockerContainer = Parameters<WaitStrategy['waitUntilReady']>[0];

/**
 * Ready when Redis answers PING on 127.0.0.1. Not a log wait: testcontainers' restart() reads the log
 * from the container's StartedAt, and Redis can print "Ready to accept connections" before that instant.
 */
class RedisPingWaitStrategy implements WaitStrategy {
  private startupTimeoutMs = 30_000;
  private startupTimeoutSet = false;

  constructor(private readonly port: number) {}

  async waitUntilReady(container: DockerContainer): Promise<void> {
    const deadline = Date.now() + this.startupTimeoutMs;
    while (Date.now() < deadline) {
      if (await answersPing(this.port)) return;
      const { State } = await container.inspect();
      if (!State.Running) {
        throw new ContainerExitedError(
          `Redis exited with code ${State.ExitCode} before answering PING on port ${this.port}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Redis did not answer PING on 127.0.0.1:${this.port} within ${this.startupTimeoutMs} ms`);
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.startupTimeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.startupTimeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => done(reply.toString().startsWith('+PONG')));
  });
}
