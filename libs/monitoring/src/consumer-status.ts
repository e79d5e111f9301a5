/**
 * Burrow's consumer statuses: OK; WARNING when the consumer moves but its lag grows; STALLED when there is lag and the
 * committed offset does not move while the group commits elsewhere; STOPPED when the group commits nowhere.
 */
export const CONSUMER_STATUSES = ['OK', 'WARNING', 'STALLED', 'STOPPED'] as const;
export type ConsumerStatus = (typeof CONSUMER_STATUSES)[number];

/** One observation of a group's committed offset on a partition, with the partition's end at that moment. */
export interface OffsetObservation {
  /** Milliseconds since the epoch. */
  at: number;
  /** The group's committed offset: the next record it will read; -1 when it has committed none. */
  committed: number;
  /** The partition's high watermark (the offset the next produced record gets). */
  end: number;
}

/** Lag in messages of one observation; a group that never committed lags by everything the partition holds. */
export function lagOf(observation: OffsetObservation, start = 0): number {
  const from = observation.committed < 0 ? start : observation.committed;
  return Math.max(0, observation.end - from);
}

/**
 * The status of one partition over a sliding window of observations, oldest first, following Burrow's rules:
 * any observation without lag makes it OK; otherwise an offset that did not move is STALLED (or STOPPED when the whole
 * group stopped committing, `groupMoving` false); an offset that moved while the lag grew at every step is WARNING.
 */
export function partitionStatus(window: readonly OffsetObservation[], groupMoving: boolean): ConsumerStatus {
  if (window.length === 0) return 'OK';
  const lags = window.map((observation) => lagOf(observation));
  if (lags.some((lag) => lag === 0)) return 'OK';
  // One observation says nothing about movement.
  if (window.length < 2) return 'OK';
  const first = window[0]!;
  const last = window[window.length - 1]!;
  if (last.committed === first.committed) return groupMoving ? 'STALLED' : 'STOPPED';
  const growing = lags.every((lag, index) => index === 0 || lag > lags[index - 1]!);
  return growing && window.length >= 3 ? 'WARNING' : 'OK';
}

/** Whether any partition's committed offset moved within its window: the group is committing somewhere. */
export function groupCommits(windows: Iterable<readonly OffsetObservation[]>): boolean {
  for (const window of windows) {
    if (window.length >= 2 && window[window.length - 1]!.committed !== window[0]!.committed) return true;
  }
  return false;
}

/** The worst of the statuses (a group is as bad as its worst partition); OK for none. */
export function worstStatus(statuses: Iterable<ConsumerStatus>): ConsumerStatus {
  let worst = 0;
  for (const status of statuses) worst = Math.max(worst, CONSUMER_STATUSES.indexOf(status));
  return CONSUMER_STATUSES[worst] ?? 'OK';
}
