// Load generation shared by the benchmarks: a paced closed loop for throughput, and summary statistics.
import { performance } from 'node:perf_hooks';

export interface ClosedLoopOptions<T> {
  batches: readonly T[];
  /** Items in each batch (for pacing and the rate). */
  size(batch: T): number;
  /** Batches sent at once, each sender waiting for its reply before the next. */
  inFlight: number;
  /**
   * Most items sent but not yet completed downstream. The broker keeps a bounded log per partition (about 5 MB on the
   * mock): a producer running further ahead of the consumers would have records dropped before they are read.
   */
  window: number;
  send(batch: T): Promise<void>;
  /** Items completed downstream since the loop started (stored, written...). */
  completed(): Promise<number> | number;
  /** How often `completed` is asked; default 50 ms (it may cost the service answering it). */
  pollMs?: number;
  /** Give up when nothing completes for this long. */
  stallMs?: number;
}

export interface LoopResult {
  items: number;
  seconds: number;
  /** Items per second, first send to last completion. */
  rate: number;
}

/** Sends every batch with `inFlight` senders, never more than `window` items ahead; ends when all completed. */
export async function closedLoop<T>(options: ClosedLoopOptions<T>): Promise<LoopResult> {
  const total = options.batches.reduce((sum, batch) => sum + options.size(batch), 0);
  const stallMs = options.stallMs ?? 60_000;
  let sent = 0;
  let completed = 0;
  let next = 0;
  let failure: Error | undefined;
  let lastProgress = performance.now();
  const started = performance.now();
  const sender = async (): Promise<void> => {
    while (next < options.batches.length && failure === undefined) {
      const batch = options.batches[next++] as T;
      const size = options.size(batch);
      while (sent + size - completed > options.window && failure === undefined) await sleep(5);
      sent += size;
      await options.send(batch);
    }
  };
  const senders = Promise.all(Array.from({ length: options.inFlight }, sender)).catch((error: unknown) => {
    failure = error instanceof Error ? error : new Error(String(error));
  });
  while (completed < total && failure === undefined) {
    const now = await options.completed();
    if (now > completed) lastProgress = performance.now();
    completed = now;
    if (performance.now() - lastProgress > stallMs) {
      failure = new Error(`stalled at ${completed} of ${total} items (sent ${sent})`);
    }
    if (completed < total) await sleep(options.pollMs ?? 50);
  }
  const seconds = (performance.now() - started) / 1000;
  await senders;
  if (failure !== undefined) throw failure;
  return { items: total, seconds, rate: total / seconds };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Splits items into batches of `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += size) batches.push(items.slice(index, index + size));
  return batches;
}

/** The q-quantile (0..1) of the values, nearest rank; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Reads `--name value` options from the command line, with defaults. */
export function numberOption(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

/** A `--name value` option from the command line, or the fallback. */
export function stringOption(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

/** Every `--env NAME=VALUE` on the command line: settings for the services, to try a configuration. */
export function envOptions(): Record<string, string> {
  const env: Record<string, string> = {};
  process.argv.forEach((arg, index) => {
    if (arg !== '--env') return;
    const [name = '', ...value] = (process.argv[index + 1] ?? '').split('=');
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || value.length === 0) throw new Error('--env needs NAME=VALUE');
    env[name] = value.join('=');
  });
  return env;
}
