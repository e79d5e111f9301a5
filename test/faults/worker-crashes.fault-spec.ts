// Articles are posted without pause while the workers are SIGKILLed and restarted, Redis (append-only) restarts, and
// every service is stopped with SIGTERM: the stories that end up queryable are exactly the accepted ones, each once.
import type { RunningService, ServiceName } from '../e2e/service-processes';
import {
  consumerHealth,
  eventually,
  type FaultStack,
  postArticles,
  report,
  secondsSince,
  startFaultStack,
  faultTest,
  storyIdsOf,
} from './fault-stack';

const SOURCE = `Crash wire ${Date.now()}`;
const ARTICLES_PER_POST = 10;
const POST_INTERVAL_MS = 200;

/** Posts articles until stopped, each post retried until ingest accepts it; collects the ids it was given. */
class SteadyPoster {
  readonly accepted = new Set<string>();
  refusals = 0;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(private readonly ingestUrl: () => string) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async run(): Promise<void> {
    for (let post = 0; !this.stopped; post++) {
      const articles = Array.from({ length: ARTICLES_PER_POST }, (_, n) => ({
        source: SOURCE,
        headline: `Crash story ${post}-${n}`,
        body: `Paragraph one of story ${post}-${n}.\n\nParagraph two, which the cleaner keeps.`,
      }));
      // A 503 (or a dropped connection) may still have written the records: the retry gives the same ids.
      for (;;) {
        const response = await postArticles(this.ingestUrl(), articles).catch(() => undefined);
        if (response?.status === 202) {
          for (const id of ((await response.json()) as { ids: string[] }).ids) this.accepted.add(id);
          break;
        }
        this.refusals += 1;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await new Promise((resolve) => setTimeout(resolve, POST_INTERVAL_MS));
    }
  }
}

describe('workers killed mid-stream, Redis restarted', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await startFaultStack({ appendOnly: true });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const faultIt = faultTest(() => stack);

  /** SIGKILL, then a new process at once: measures how long until it handled its first batch. */
  async function killAndRestart(name: ServiceName): Promise<void> {
    const worker = stack.services[name];
    worker.signal('SIGKILL');
    await worker.exited;
    const started = Date.now();
    const restarted = await stack.restart(name);
    await eventually(
      async () => ((await consumerHealth(restarted)).batches > 0 ? true : undefined),
      `${name} to consume`,
    );
    report(`${name} SIGKILLed and restarted at once: first batch ${secondsSince(started)} after the restart`);
  }

  /** SIGTERM mid-stream: the process must exit 0 (it exits 1 past SHUTDOWN_TIMEOUT_MS). */
  async function terminate(service: RunningService): Promise<void> {
    const started = Date.now();
    service.signal('SIGTERM');
    const exit = await service.exited;
    report(`${service.name} SIGTERM: exit ${exit.code ?? exit.signal} after ${secondsSince(started)}`);
    expect(exit).toEqual({ code: 0, signal: null });
  }

  faultIt(
    'ends with exactly the accepted stories, none lost, none twice',
    async () => {
      const poster = new SteadyPoster(() => stack.services.ingest.url);
      const progress = async (atLeast: number): Promise<void> => {
        await eventually(
          async () => (poster.accepted.size >= atLeast ? true : undefined),
          `${atLeast} accepted articles`,
        );
      };
      try {
        await progress(100);
        await killAndRestart('normalizer');
        await progress(poster.accepted.size + 50);
        await killAndRestart('indexer');
        await progress(poster.accepted.size + 50);
        const redisRestart = Date.now();
        await stack.redis.restart();
        report(`Redis (append-only) restarted in ${secondsSince(redisRestart)}`);
        await progress(poster.accepted.size + 50);
        await terminate(stack.services.normalizer);
        await stack.restart('normalizer');
        await terminate(stack.services.indexer);
        await stack.restart('indexer');
        await progress(poster.accepted.size + 50);
      } finally {
        await poster.stop();
      }
      const accepted = [...poster.accepted].sort();
      report(`${accepted.length} articles accepted (${poster.refusals} posts refused and retried)`);

      const stored = await eventually(
        async () => {
          const ids = await storyIdsOf(stack.services.query.url, SOURCE);
          return ids.length >= accepted.length ? ids : undefined;
        },
        `all ${accepted.length} accepted stories to be queryable`,
        90_000,
        500,
      );
      expect(stored.length).toBe(new Set(stored).size);
      expect([...stored].sort()).toEqual(accepted);

      await terminate(stack.services.ingest);
      await terminate(stack.services.query);
    },
    300_000,
  );
});
