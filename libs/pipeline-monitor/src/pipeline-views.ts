import { type Histogram, histogramIncrease, histogramQuantile } from '@cleanwire/monitoring';
import type { GroupSnapshot, Snapshot } from './offset-sampler';

const MINUTE_MS = 60_000;

export interface TopicView {
  topic: string;
  partitions: Array<{ partition: number; start: number; end: number; messages: number }>;
  messages: number;
  /** Records produced per second over the last minute (or as much of it as was sampled). */
  producedPerSecond: number;
}

export interface SeriesPoint {
  at: number;
  /** Records per second produced to each topic since the previous point. */
  produced: Record<string, number>;
  /** Each group's lag in messages and seconds at this point. */
  lag: Record<string, { messages: number; seconds: number }>;
}

export interface FreshnessView {
  /** Stories stored during the window. */
  stories: number;
  p50Seconds: number | null;
  p99Seconds: number | null;
  windowSeconds: number;
}

/** The snapshot closest to a minute before the newest one (the oldest kept when there is less history). */
function minuteAgo(history: readonly Snapshot[]): Snapshot | undefined {
  const newest = history[history.length - 1];
  if (!newest) return undefined;
  return history.find((snapshot) => newest.at - snapshot.at <= MINUTE_MS);
}

const total = (snapshot: Snapshot | undefined, topic: string): number =>
  snapshot?.topics.find((candidate) => candidate.topic === topic)?.partitions.reduce((sum, p) => sum + p.end, 0) ?? 0;

/** Every topic with its partitions, message counts and produce rate over the last minute. */
export function topicViews(history: readonly Snapshot[]): TopicView[] {
  const newest = history[history.length - 1];
  if (!newest) return [];
  const earlier = minuteAgo(history);
  const seconds = earlier && newest.at > earlier.at ? (newest.at - earlier.at) / 1000 : 0;
  return newest.topics.map(({ topic, partitions }) => {
    const rows = partitions.map((p) => ({ ...p, messages: p.end - p.start }));
    const produced = total(newest, topic) - total(earlier, topic);
    return {
      topic,
      partitions: rows,
      messages: rows.reduce((sum, row) => sum + row.messages, 0),
      producedPerSecond: seconds > 0 ? round(Math.max(0, produced) / seconds) : 0,
    };
  });
}

/** Throughput and lag at every kept snapshot, for the charts. */
export function series(history: readonly Snapshot[]): SeriesPoint[] {
  return history.map((snapshot, index) => {
    const previous = history[index - 1];
    const seconds = previous ? (snapshot.at - previous.at) / 1000 : 0;
    const produced = Object.fromEntries(
      snapshot.topics.map(({ topic }) => [
        topic,
        previous && seconds > 0 ? round(Math.max(0, total(snapshot, topic) - total(previous, topic)) / seconds) : 0,
      ]),
    );
    const lag = Object.fromEntries(
      snapshot.groups.map((group: GroupSnapshot) => [
        group.group,
        { messages: group.lag, seconds: round(group.lagSeconds) },
      ]),
    );
    return { at: snapshot.at, produced, lag };
  });
}

/** Freshness p50 and p99 over the last minute, from the scraped histogram's increase. */
export function freshnessView(history: readonly Snapshot[]): FreshnessView {
  const newest = history[history.length - 1];
  const earlier = minuteAgo(history);
  const windowSeconds = newest && earlier ? Math.round((newest.at - earlier.at) / 1000) : 0;
  if (!newest?.freshness) return { stories: 0, p50Seconds: null, p99Seconds: null, windowSeconds };
  const base: Histogram | null = earlier && earlier !== newest ? earlier.freshness : null;
  const increase = histogramIncrease(newest.freshness, base);
  return {
    stories: increase.count,
    p50Seconds: nullableRound(histogramQuantile(0.5, increase)),
    p99Seconds: nullableRound(histogramQuantile(0.99, increase)),
    windowSeconds,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function nullableRound(value: number | null): number | null {
  return value === null ? null : round(value);
}
