import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { ARTICLES_RAW_V1, DEAD_LETTER_HEADERS, deadLetterTopic, REQUEST_ID_RECORD_HEADER } from '@cleanwire/contracts';
import { type RunningKafka, type RunningRedis, startKafka, startRedis } from '../harness';
import { type RunningService, type ServiceName, startService } from './service-processes';

const API_KEY = 'e2e-operator-key';
const keys = `e2e:${createHash('sha256').update(API_KEY).digest('hex')}`;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const json = async <T>(url: string, init?: RequestInit): Promise<T> => (await (await fetch(url, init)).json()) as T;

describe('monitoring the pipeline', () => {
  let redis: RunningRedis;
  let kafka: RunningKafka;
  const services = new Map<ServiceName, RunningService>();
  const url = (name: ServiceName): string => services.get(name)!.url;

  beforeAll(async () => {
    [redis, kafka] = await Promise.all([startRedis(), startKafka()]);
    const env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_IDEMPOTENT_PRODUCER: 'false',
      REDIS_URL: redis.url,
      INGEST_API_KEYS: keys,
      LOG_LEVEL: 'info',
    };
    for (const service of await Promise.all(
      (['normalizer', 'indexer', 'ingest', 'query'] as const).map((name) => startService(name, env)),
    )) {
      services.set(service.name, service);
    }
    const monitor = await startService('monitor', {
      ...env,
      MONITOR_API_KEYS: keys,
      MONITOR_SAMPLE_INTERVAL_MS: '500',
      MONITOR_METRICS_URLS: `${url('indexer')}/metrics`,
    });
    services.set('monitor', monitor);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await Promise.all([redis?.stop(), kafka?.stop()]);
  }, 60_000);

  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts) {
      for (const service of services.values()) process.stderr.write(`--- ${service.name}\n${service.output()}\n`);
    }
  });

  async function postArticle(headline: string, requestId?: string): Promise<{ id: string; response: Response }> {
    const response = await fetch(`${url('ingest')}/v1/feeds?source=Monitor%20Desk`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${API_KEY}`,
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
      // The body repeats the headline, as scraped pages do: the normalizer cuts it (a cut to count).
      body: JSON.stringify({ headline, body: `${headline}\n\n${headline}.\n\nA second paragraph about it.` }),
    });
    expect(response.status).toBe(202);
    const { ids } = (await response.json()) as { ids: string[] };
    return { id: ids[0]!, response };
  }

  const stageOf = async (id: string): Promise<string | undefined> => {
    const response = await fetch(`${url('monitor')}/v1/articles/${id}`);
    return response.ok ? ((await response.json()) as { stage: string }).stage : undefined;
  };

  /** Puts a record with valid content straight onto the raw topic's dead-letter topic, as the normalizer would. */
  async function produceDeadLetter(id: string, headline: string): Promise<void> {
    const producer = new Kafka({ clientId: 'e2e', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const article = {
      id,
      source: 'Monitor Desk',
      headline,
      body: `${headline}.\n\nIts body.`,
      receivedAt: new Date().toISOString(),
      format: 'json',
    };
    await producer.send({
      topic: deadLetterTopic(ARTICLES_RAW_V1),
      messages: [
        {
          key: id,
          value: JSON.stringify(article),
          headers: {
            [DEAD_LETTER_HEADERS.reason]: 'handler-failed',
            [DEAD_LETTER_HEADERS.error]: 'RetriableError: Redis failed while reading learned noise',
            [DEAD_LETTER_HEADERS.topic]: ARTICLES_RAW_V1,
            [DEAD_LETTER_HEADERS.partition]: '0',
            [DEAD_LETTER_HEADERS.offset]: '0',
            [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
            [REQUEST_ID_RECORD_HEADER]: `dlq-${id}`,
          },
        },
      ],
    });
    await producer.disconnect();
  }

  it('follows one article by its request id from the ingest request through the workers into the monitor', async () => {
    const requestId = `follow-${randomUUID()}`;
    const { id, response } = await postArticle('Harbour cranes return to work', requestId);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(await eventually(async () => ((await stageOf(id)) === 'stored' ? 'stored' : undefined), 'stored')).toBe(
      'stored',
    );

    const trail = await json<{ requestId: string; raw: { consumed: boolean }; clean: { consumed: boolean } }>(
      `${url('monitor')}/v1/articles/${id}`,
    );
    expect(trail).toMatchObject({ requestId, raw: { consumed: true }, clean: { consumed: true } });
    const lines = (service: ServiceName) =>
      services
        .get(service)!
        .output()
        .split('\n')
        .filter((line) => line.includes(requestId))
        .map((line) => JSON.parse(line) as { msg: string; storyId?: string; topic?: string });
    expect(lines('ingest').map((line) => line.msg)).toContain('request completed');
    expect(lines('normalizer')).toContainEqual(expect.objectContaining({ msg: 'story cleaned', storyId: id }));
    expect(lines('indexer')).toContainEqual(expect.objectContaining({ msg: 'story stored', storyId: id }));

    const { records } = await json<{ records: Array<{ key: string; headers: Record<string, string> }> }>(
      `${url('monitor')}/v1/topics/stories.clean.v1/messages?key=${id}`,
    );
    expect(records[0]?.headers[REQUEST_ID_RECORD_HEADER]).toBe(requestId);
  });

  it('lists topics and groups with lag and status, and says where the broker cannot tell', async () => {
    const { topics } = await json<{ topics: Array<{ topic: string; messages: number; partitions: unknown[] }> }>(
      `${url('monitor')}/v1/topics`,
    );
    expect(topics.find((topic) => topic.topic === ARTICLES_RAW_V1)).toMatchObject({ partitions: expect.any(Array) });
    expect(topics.find((topic) => topic.topic === ARTICLES_RAW_V1)!.messages).toBeGreaterThan(0);
    const groups = await eventually(async () => {
      const answer = await json<{
        groups: Array<{ group: string; lag: number; status: string; state: string; topics: string[] }>;
      }>(`${url('monitor')}/v1/groups`);
      return answer.groups.every((group) => group.lag === 0 && group.topics.length > 0) ? answer.groups : undefined;
    }, 'caught-up groups');
    expect(groups.map((group) => [group.group, group.topics, group.status, group.state])).toEqual([
      ['cleanwire-indexer', ['stories.clean.v1'], 'OK', 'unknown'],
      ['cleanwire-normalizer', [ARTICLES_RAW_V1], 'OK', 'unknown'],
    ]);
  });

  it('serves metrics, liveness and readiness on every service, and OpenAPI documents on the HTTP ones', async () => {
    for (const name of ['ingest', 'query', 'normalizer', 'indexer', 'monitor'] as const) {
      expect([name, (await fetch(`${url(name)}/health/live`)).status]).toEqual([name, 200]);
      expect([name, (await fetch(`${url(name)}/health/ready`)).status]).toEqual([name, 200]);
      const metrics = await (await fetch(`${url(name)}/metrics`)).text();
      expect(metrics).toContain('cleanwire_process_cpu_seconds_total');
      expect(metrics).toContain('cleanwire_nodejs_eventloop_lag_seconds');
    }
    const indexer = await (await fetch(`${url('indexer')}/metrics`)).text();
    expect(indexer).toMatch(/cleanwire_story_freshness_seconds_count\{service="indexer"\} [1-9]/);
    expect(indexer).toMatch(/cleanwire_records_consumed_total\{[^}]*topic="stories.clean.v1"[^}]*\} [1-9]/);
    expect(indexer).toContain('cleanwire_redis_call_duration_seconds_bucket');
    expect(await (await fetch(`${url('normalizer')}/metrics`)).text()).toMatch(
      /cleanwire_cuts_total\{reason="repeated-headline",service="normalizer"\} [1-9]/,
    );
    expect(await (await fetch(`${url('monitor')}/metrics`)).text()).toMatch(
      /cleanwire_consumer_lag_messages\{group="cleanwire-indexer",topic="stories.clean.v1",partition="\d"/,
    );
    expect(await (await fetch(`${url('ingest')}/metrics`)).text()).toMatch(
      /cleanwire_http_requests_total\{method="POST",route="\/v1\/feeds",status="202"/,
    );
    for (const [name, path] of [
      ['ingest', '/v1/feeds'],
      ['query', '/v1/search'],
      ['monitor', '/v1/dead-letters/replay'],
    ] as const) {
      const document = await json<{ openapi: string; paths: Record<string, unknown> }>(`${url(name)}/openapi.json`);
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths)).toContain(path);
      expect((await fetch(`${url(name)}/docs`)).headers.get('content-type')).toContain('text/html');
    }
  });

  it('discards a dead letter only with an operator key, and lists it as discarded', async () => {
    const id = `discard-${randomUUID()}`;
    await produceDeadLetter(id, 'A letter nobody wants back');
    const pending = await eventually(async () => {
      const page = await json<{ deadLetters: Array<{ id: string; key: string; reason: string }> }>(
        `${url('monitor')}/v1/dead-letters?key=${id}`,
      );
      return page.deadLetters[0];
    }, 'the dead letter');
    expect(pending.reason).toBe('handler-failed');
    const discard = (authorization?: string) =>
      fetch(`${url('monitor')}/v1/dead-letters/discard`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ ids: [pending.id] }),
      });
    expect((await discard()).status).toBe(401);
    expect((await discard('Bearer wrong-key')).status).toBe(403);
    expect(await (await discard(`Bearer ${API_KEY}`)).json()).toEqual({ discarded: [pending.id] });
    const discarded = await json<{ deadLetters: Array<{ id: string }> }>(
      `${url('monitor')}/v1/dead-letters?status=discarded&key=${id}`,
    );
    expect(discarded.deadLetters.map((letter) => letter.id)).toEqual([pending.id]);
    expect((await json<{ deadLetters: unknown[] }>(`${url('monitor')}/v1/dead-letters?key=${id}`)).deadLetters).toEqual(
      [],
    );
  });

  it('lists topics, lag and dead letters from the CLI, tails a topic, and replays by filter', async () => {
    const cli = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
    const env = { PATH: process.env.PATH, MONITOR_URL: url('monitor'), CLEANWIRE_API_KEY: API_KEY };
    const run = (...args: string[]) => {
      const result = spawnSync(process.execPath, [cli, ...args], { env, timeout: 20_000 });
      return { status: result.status, out: result.stdout.toString() + result.stderr.toString() };
    };
    expect(run('topics')).toMatchObject({ status: 0, out: expect.stringMatching(/^articles\.raw\.v1\s+4\s+\d+/m) });
    expect(run('lag')).toMatchObject({ status: 0, out: expect.stringMatching(/^cleanwire-normalizer\s+OK\s/m) });

    const id = `cli-${randomUUID()}`;
    await produceDeadLetter(id, 'Tram line extension opens');
    const listed = await eventually(
      async () =>
        run('dlq', 'list')
          .out.split('\n')
          .find((row) => row.includes(id)),
      'the CLI to list it',
    );
    const deadLetter = listed.split(/\s+/)[0]!;
    expect(deadLetter).toMatch(/^articles\.raw\.v1\.dlq:\d+:\d+$/);
    const replay = run('dlq', 'replay', '--all', '--topic', ARTICLES_RAW_V1);
    expect(replay).toMatchObject({ status: 0, out: expect.stringContaining(deadLetter) });

    // tail runs until stopped: read its first line, then stop it.
    const tail = spawn(process.execPath, [cli, 'tail', ARTICLES_RAW_V1, '--from-beginning'], { env });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      tail.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      tail.once('exit', (code) => reject(new Error(`tail exited with ${code}: ${out}`)));
    }).finally(() => tail.kill());
    expect(JSON.parse(line)).toMatchObject({
      partition: expect.any(Number),
      offset: expect.any(Number),
      key: expect.any(String),
    });
  });

  describe('the dashboard, in headless Chromium', () => {
    let profile: string;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      profile = mkdtempSync(join(tmpdir(), 'cleanwire-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1400, height: 1200 },
      });
      page = await context.newPage();
    }, 30_000);

    afterAll(async () => {
      await context?.close();
      rmSync(profile, { recursive: true, force: true });
    });

    it('loads with topics and groups', async () => {
      await page.goto(`${url('monitor')}/`);
      await page.locator('#topics').getByRole('cell', { name: ARTICLES_RAW_V1, exact: true }).waitFor();
      await page.locator('#groups').getByRole('cell', { name: 'cleanwire-normalizer', exact: true }).waitFor();
      expect(await page.title()).toBe('cleanwire monitor');
    });

    it('shows an article flowing through to the index after a post', async () => {
      const { id } = await postArticle('Ferry timetable changes for winter');
      await page.locator('#articles tbody tr', { hasText: id }).locator('.badge.stored').waitFor({ timeout: 20_000 });
    });

    it('replays a dead letter from the page, and its story becomes queryable', async () => {
      const id = `replay-${randomUUID()}`;
      await produceDeadLetter(id, 'Night trains resume after repairs');
      const row = page.locator('#dead-letters tbody tr', { hasText: id });
      await row.waitFor({ timeout: 20_000 });
      await page.fill('#api-key', API_KEY);
      await page.dispatchEvent('#api-key', 'change');
      await row.getByRole('button', { name: 'Replay' }).click();
      await row.waitFor({ state: 'detached', timeout: 20_000 });
      const story = await eventually(async () => {
        const response = await fetch(`${url('query')}/v1/stories/${id}`);
        return response.ok ? ((await response.json()) as { headline: string }) : undefined;
      }, 'the replayed story');
      expect(story.headline).toBe('Night trains resume after repairs');
      expect(await page.locator('#notice').textContent()).toBe('');
      await page.locator('#articles tbody tr', { hasText: id }).locator('.badge.stored').waitFor({ timeout: 20_000 });
    });
  });
});
