/* eslint-disable no-console -- a benchmark: printing its figures is its job */
// Freshness under open-loop load (requests sent on the clock, never waiting for replies): how long after ingest's 202
// an article is queryable, beside the bare two-hop relay's produce-ack-to-Redis time under the same load in the same
// run. Goals: p50 <= 50 ms, p99 <= 150 ms, nothing lost, every service's peak RSS <= 150 MB. When the offered load
// exceeds what the pipeline can do, the per-window lines show latency growing; nothing is hidden.
//   npm run build && npm run bench:freshness [-- --rate 200 --seconds 30 --per-post 10 --fetch-wait MS]
import path from 'node:path';
import { fetchWaitOption } from './support/cleanwire-stack';
import {
  achieved,
  cleanwireFreshness,
  type FreshnessOptions,
  type FreshnessRun,
  MONITORED,
  ms,
  relayFreshness,
  windows,
} from './support/freshness-run';
import { numberOption } from './support/load';
import { machineLoad } from './support/process-stats';
import { freshness, summarize } from './support/open-loop';

const GOAL_P50_MS = 50;
const GOAL_P99_MS = 150;
const GOAL_RSS_MB = 150;

function row(name: string, run: FreshnessRun, options: FreshnessOptions): string {
  const rates = achieved(run);
  const fresh = summarize(freshness(run.items.values()));
  const acks = summarize(run.requests.flatMap((r) => (r.ackedAt === undefined ? [] : [r.ackedAt - r.sentAt])));
  const failed = run.requests.filter((request) => request.error !== undefined).length;
  return (
    `${name.padEnd(34)} ${String(options.rate).padStart(7)} ${rates.acked.toFixed(0).padStart(7)} ` +
    `${rates.visible.toFixed(0).padStart(9)}  ${ms(acks.p50)} ${ms(acks.p99)}   ` +
    `${ms(fresh.p50)} ${ms(fresh.p90)} ${ms(fresh.p99)} ${ms(fresh.max)}  ${String(run.lost).padStart(4)}` +
    (failed > 0 ? `  (${failed} requests failed: ${run.requests.find((r) => r.error)?.error})` : '')
  );
}

function figures(values: Record<string, number>, digits: number): string {
  return Object.entries(values)
    .map(([name, value]) => `${name} ${value.toFixed(digits)}`)
    .join('  ');
}

async function main(): Promise<void> {
  const options: FreshnessOptions = {
    rate: numberOption('rate', 200),
    seconds: numberOption('seconds', 30),
    perRequest: numberOption('per-post', 10),
    fetchWaitMs: fetchWaitOption(),
    logDir: path.resolve('.cleanwire', 'bench', `freshness-${new Date().toISOString().replace(/[:.]/g, '-')}`),
  };
  console.log(
    `offered ${options.rate} articles/s for ${options.seconds} s: ${options.perRequest} per request, one request ` +
      `every ${((1000 * options.perRequest) / options.rate).toFixed(0)} ms on the clock (open loop); ` +
      `fetch wait ${options.fetchWaitMs} ms; visibility polled every 5 ms (every tenth of its age once older); logs in ${options.logDir}; ${machineLoad()}`,
  );
  console.log(
    `${''.padEnd(34)} ${'offered'.padStart(7)} ${'acked/s'.padStart(7)} ${'visible/s'.padStart(9)}  ` +
      `${'ack p50'.padStart(8)} ${'ack p99'.padStart(8)}   ${'fresh p50'.padStart(8)} ${'p90'.padStart(8)} ` +
      `${'p99'.padStart(8)} ${'max'.padStart(8)}  lost`,
  );
  const relay = await relayFreshness({ ...options, logDir: `${options.logDir}-relay` });
  console.log(row('bare two-hop relay (ack -> Redis)', relay, options));
  const run = await cleanwireFreshness(options);
  console.log(row('cleanwire (202 -> queryable)', run, options));
  console.log('cleanwire by window of the load (latency that grows with a backlog shows here):');
  for (const line of windows(run, options.seconds, 5)) console.log(line);

  const fresh = summarize(freshness(run.items.values()));
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `goals: freshness p50 <= ${GOAL_P50_MS} ms: ${met(fresh.p50 <= GOAL_P50_MS)} (${fresh.p50.toFixed(0)} ms); ` +
      `p99 <= ${GOAL_P99_MS} ms: ${met(fresh.p99 <= GOAL_P99_MS)} (${fresh.p99.toFixed(0)} ms); ` +
      `nothing lost: ${met(run.lost === 0 && fresh.count > 0)} (${run.lost} of ${run.items.size})`,
  );
  const services = Object.fromEntries(MONITORED.map((name) => [name, run.peakRss[name] ?? 0]));
  const worst = Math.max(...Object.values(services));
  console.log(
    `peak RSS MB: ${figures(run.peakRss, 1)}  (goal <= ${GOAL_RSS_MB} MB per service: ${met(worst <= GOAL_RSS_MB)})`,
  );
  console.log(`CPU % of a core under load: ${figures(run.busyCpu, 1)}`);
  console.log(`CPU % of a core idle, 10 s after the load: ${figures(run.idleCpu, 1)}`);
  console.log(`relay CPU % under load: ${figures(relay.busyCpu, 1)}; idle: ${figures(relay.idleCpu, 1)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
