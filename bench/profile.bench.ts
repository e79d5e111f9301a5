/* eslint-disable no-console -- a benchmark: printing its figures is its job */
// CPU profiles of the normalizer and the indexer under the pipeline benchmark's load (JSON feeds of 100 articles, 4
// POSTs in flight, paced): V8's sampling profiler runs only while the measured articles flow, and the top entries are
// printed by area (package, lib) and by function, per article. Profiles are kept for Chrome DevTools or speedscope.
//   npm run build && npm run bench:profile [-- --articles 10000 --fetch-wait MS]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fetchWaitOption, METRICS_POLL_MS, postArticles, readCounter, startCleanwire } from './support/cleanwire-stack';
import { chunk, closedLoop, numberOption } from './support/load';
import { waitFor } from './support/local-stack';
import { processStats } from './support/process-stats';
import { formatSummary, type Profile, summarizeProfile } from './support/profile-summary';
import { ScrapedArticles } from './support/scraped-articles';

const ARTICLES = numberOption('articles', 10_000);
const WARMUP = numberOption('warmup', 2_000);
const PROFILED = ['normalizer', 'indexer'] as const;

async function main(): Promise<void> {
  const runDir = path.resolve('.cleanwire', 'bench', `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const profileOf = (name: string) => path.join(runDir, `${name}.cpuprofile`);
  const preload = ['-r', path.join(__dirname, 'support', 'cpu-profiler.js')];
  const stack = await startCleanwire({
    services: ['normalizer', 'indexer', 'ingest', 'query'],
    logDir: runDir,
    env: { KAFKA_FETCH_MAX_WAIT_MS: String(fetchWaitOption()) },
    nodeArgs: Object.fromEntries(PROFILED.map((name) => [name, preload])),
    serviceEnv: Object.fromEntries(PROFILED.map((name) => [name, { CPU_PROFILE_PATH: profileOf(name) }])),
  });
  try {
    const generator = new ScrapedArticles('profile');
    const ingest = stack.service('ingest').url;
    const stored = () => readCounter(stack.service('indexer').url, 'cleanwire_stories_stored_total');
    const run = async (count: number) => {
      const base = await stored();
      return closedLoop({
        batches: chunk(generator.take(count), 100),
        size: (batch) => batch.length,
        inFlight: 4,
        window: 2000,
        send: async (batch) => void (await postArticles(ingest, batch)),
        completed: async () => (await stored()) - base,
        pollMs: METRICS_POLL_MS,
      });
    };
    await run(WARMUP);
    const signal = () => PROFILED.forEach((name) => process.kill(stack.service(name).pid, 'SIGWINCH'));
    const cpu = () => PROFILED.map((name) => processStats(stack.service(name).pid)?.cpuSeconds ?? 0);
    signal();
    const before = cpu();
    const result = await run(ARTICLES);
    const after = cpu();
    signal();
    await waitFor(() => (PROFILED.every((name) => existsSync(profileOf(name))) ? true : undefined), 'profiles');
    console.log(`${ARTICLES} articles at ${result.rate.toFixed(0)} articles/s; profiles in ${runDir}`);
    PROFILED.forEach((name, index) => {
      const cpuMs = (((after[index] ?? 0) - (before[index] ?? 0)) * 1000) / ARTICLES;
      const summary = summarizeProfile(JSON.parse(readFileSync(profileOf(name), 'utf8')) as Profile, 20);
      console.log(`${formatSummary(name, summary, { items: ARTICLES, unit: 'article' })}`);
      console.log(`  process CPU (user + system): ${cpuMs.toFixed(3)} ms per article`);
    });
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
