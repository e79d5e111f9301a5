/* eslint-disable no-console -- a benchmark: printing its figures is its job */
// Memory over a long run (not in CI): the freshness benchmark's open-loop load for 10 minutes, each process's resident
// memory sampled every second and printed per minute. Goal: every service's RSS flat over time (no growth after the
// first minutes) and at most 150 MB. Freshness per minute is printed beside it.
//   npm run build && npm run bench:soak [-- --minutes 10 --rate 200 --per-post 10 --fetch-wait MS]
import path from 'node:path';
import { fetchWaitOption } from './support/cleanwire-stack';
import { cleanwireFreshness, MONITORED, ms } from './support/freshness-run';
import { numberOption } from './support/load';
import { machineLoad } from './support/process-stats';
import { freshness, summarize } from './support/open-loop';

const GOAL_RSS_MB = 150;
/** Growth from the second minute's mean to the last minute's mean that still counts as flat. */
const FLAT_GROWTH_MB = 10;

async function main(): Promise<void> {
  const minutes = numberOption('minutes', 10);
  const options = {
    rate: numberOption('rate', 200),
    seconds: minutes * 60,
    perRequest: numberOption('per-post', 10),
    fetchWaitMs: fetchWaitOption(),
    logDir: path.resolve('.cleanwire', 'bench', `soak-${new Date().toISOString().replace(/[:.]/g, '-')}`),
  };
  console.log(
    `soak: ${options.rate} articles/s offered for ${minutes} minutes, ${options.perRequest} per request (open loop); ` +
      `fetch wait ${options.fetchWaitMs} ms; logs in ${options.logDir}; ${machineLoad()}`,
  );
  const run = await cleanwireFreshness(options);
  const names = Object.keys(run.rssSamples[0]?.rss ?? {});
  console.log(`${'minute'.padEnd(7)} ${names.map((name) => name.padStart(11)).join('')}   freshness p50     p99`);
  const means: Array<Record<string, number>> = [];
  for (let minute = 0; minute < minutes; minute++) {
    const samples = run.rssSamples.filter(
      (sample) => sample.second > minute * 60 && sample.second <= (minute + 1) * 60,
    );
    const mean = Object.fromEntries(
      names.map((name) => [name, samples.reduce((sum, sample) => sum + (sample.rss[name] ?? 0), 0) / samples.length]),
    );
    means.push(mean);
    const items = [...run.items.values()].filter(
      (item) => item.request.sentAt >= minute * 60_000 && item.request.sentAt < (minute + 1) * 60_000,
    );
    const fresh = summarize(freshness(items));
    console.log(
      `${String(minute + 1).padEnd(7)} ${names.map((name) => `${(mean[name] ?? 0).toFixed(1)} MB`.padStart(11)).join('')}` +
        `   ${ms(fresh.p50)} ${ms(fresh.p99)}`,
    );
  }
  const [second, last] = [means[Math.min(1, means.length - 1)] ?? {}, means[means.length - 1] ?? {}];
  const verdicts = MONITORED.map((name) => {
    const growth = (last[name] ?? 0) - (second[name] ?? 0);
    const peak = run.peakRss[name] ?? 0;
    const ok = growth <= FLAT_GROWTH_MB && peak <= GOAL_RSS_MB;
    return `${name} ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB, peak ${peak.toFixed(1)} MB ${ok ? 'ok' : 'NOT ok'}`;
  });
  console.log(
    `RSS from minute 2 to minute ${minutes} (flat: growth <= ${FLAT_GROWTH_MB} MB, peak <= ${GOAL_RSS_MB} MB):`,
  );
  console.log(`  ${verdicts.join('; ')}`);
  console.log(`lost: ${run.lost} of ${run.items.size}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
