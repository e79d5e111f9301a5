// Open-loop load: requests are sent on the clock's schedule, never waiting for earlier replies, so a system slower
// than the offered load shows it as growing latency instead of quietly lowering the load (coordinated omission).
import { performance } from 'node:perf_hooks';
import { quantile, sleep } from './load';

export interface OpenLoopOptions<T> {
  /** Items offered per second. */
  rate: number;
  seconds: number;
  /** Items per request. */
  perRequest: number;
  /** The next item to send. */
  next(): T;
  /** Sends one request; resolves with each item's key once acknowledged (202, or the broker's ack). */
  send(items: T[]): Promise<string[]>;
  /** Which keys are visible downstream (queryable), in order. */
  visible(keys: readonly string[]): Promise<boolean[]>;
  /**
   * How often a pending item is looked for at first; an older one is looked for every tenth of its age, so a backlog
   * costs the system under test little. The resolution of the latency figures: this, or a tenth of the latency.
   */
  pollMs?: number;
  /** How long to keep looking for the last items after the load ended. */
  drainMs?: number;
  /** Called every second while the load runs, e.g. to sample memory. */
  everySecond?(elapsedSeconds: number): void;
}

export interface RequestRecord {
  /** When the request was due and sent, ms from the start. */
  sentAt: number;
  /** When it was acknowledged, ms from the start; undefined if it failed. */
  ackedAt?: number;
  error?: string;
}

export interface ItemRecord {
  request: RequestRecord;
  /** When it was first seen visible, ms from the start. */
  visibleAt?: number;
}

export interface OpenLoopResult {
  requests: RequestRecord[];
  items: Map<string, ItemRecord>;
  /** When the last request was due, ms from the start. */
  loadEndedAt: number;
}

/** Runs the load, then waits until every acknowledged item is visible or `drainMs` passed without it. */
export async function openLoop<T>(options: OpenLoopOptions<T>): Promise<OpenLoopResult> {
  const pollMs = options.pollMs ?? 5;
  const interval = (1000 * options.perRequest) / options.rate;
  const count = Math.round((options.seconds * options.rate) / options.perRequest);
  const requests: RequestRecord[] = [];
  const items = new Map<string, ItemRecord>();
  /** Pending keys and when each is next looked for. */
  const pending = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const now = (): number => performance.now() - started;

  let loadDone = false;
  let drainDeadline = Number.POSITIVE_INFINITY;
  const poller = (async () => {
    while (!loadDone || pending.size > 0) {
      const due = now();
      const keys = [...pending].filter(([, next]) => next <= due).map(([key]) => key);
      if (keys.length > 0) {
        const found = await options.visible(keys);
        const at = now();
        keys.forEach((key, index) => {
          const item = items.get(key);
          if (!found[index]) {
            const age = at - (item?.request.ackedAt ?? at);
            pending.set(key, at + Math.max(pollMs, age / 10));
            return;
          }
          pending.delete(key);
          if (item) item.visibleAt = at;
        });
      }
      if (loadDone && now() > drainDeadline) break;
      await sleep(pollMs);
    }
  })();

  let nextSecond = 1;
  for (let index = 0; index < count; index++) {
    const due = index * interval;
    while (now() < due) await sleep(Math.min(2, due - now()));
    while (options.everySecond && now() >= nextSecond * 1000) options.everySecond(nextSecond++);
    const request: RequestRecord = { sentAt: now() };
    requests.push(request);
    const batch = Array.from({ length: options.perRequest }, () => options.next());
    const sending = options.send(batch).then(
      (keys) => {
        request.ackedAt = now();
        for (const key of keys) {
          items.set(key, { request });
          pending.set(key, 0);
        }
      },
      (error: unknown) => {
        request.error = error instanceof Error ? error.message : String(error);
      },
    );
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  }
  const loadEndedAt = now();
  await Promise.all(inFlight);
  drainDeadline = now() + (options.drainMs ?? 60_000);
  loadDone = true;
  await poller;
  return { requests, items, loadEndedAt };
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  return {
    count: values.length,
    p50: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    p99: quantile(values, 0.99),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** Milliseconds from each item's acknowledgement to its first sighting (0 when it was visible before the ack). */
export function freshness(items: Iterable<ItemRecord>): number[] {
  const values: number[] = [];
  for (const item of items) {
    if (item.visibleAt === undefined || item.request.ackedAt === undefined) continue;
    values.push(Math.max(0, item.visibleAt - item.request.ackedAt));
  }
  return values;
}
