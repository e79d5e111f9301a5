import type { IncomingMessage } from 'node:http';
import { HttpProblem } from '@cleanwire/http';

export interface IngestLoadLimits {
  /** Write requests worked on at once. */
  maxRequests: number;
  /** Bytes held at once: request bodies being read or parsed, and records the broker has not acknowledged yet. */
  maxBytes: number;
}

// A client told to come back soon; the work in hand is measured in seconds.
const RETRY_AFTER_SECONDS = 1;

/**
 * What ingest holds at once: write requests in flight, and the bytes of their bodies plus the records the broker has
 * not acknowledged (a publish past its deadline still holds its records). A request past either bound is refused with
 * 503 and Retry-After before its body is read, or as soon as its body passes the bound, so no burst takes ingest past
 * its memory bound.
 */
export class IngestLoad {
  private requests = 0;
  private heldBytes = 0;
  private readonly held = new WeakMap<IncomingMessage, { bytes: number; received: number }>();

  constructor(
    private readonly limits: IngestLoadLimits,
    /** Bytes of records published but not yet acknowledged. */
    private readonly unsettledBytes: () => number,
  ) {}

  /** Admits a request that will hold `reserveBytes` (its declared length); a 503 when ingest is full. */
  admit(request: IncomingMessage, reserveBytes: number): void {
    if (this.requests >= this.limits.maxRequests) {
      throw busy(`ingest is working on ${this.requests} requests, its limit`);
    }
    this.assertRoomFor(reserveBytes);
    this.requests += 1;
    this.heldBytes += reserveBytes;
    this.held.set(request, { bytes: reserveBytes, received: 0 });
  }

  /** Counts body bytes as they arrive; beyond the reservation they must fit too, else a 503 ends the body. */
  hold(request: IncomingMessage, bytes: number): void {
    const entry = this.held.get(request);
    if (!entry) return;
    entry.received += bytes;
    const extra = entry.received - entry.bytes;
    if (extra <= 0) return;
    this.assertRoomFor(extra);
    this.heldBytes += extra;
    entry.bytes = entry.received;
  }

  /** Frees what a request held, once its answer went out or its connection closed. */
  release(request: IncomingMessage): void {
    const entry = this.held.get(request);
    if (!entry) return;
    this.held.delete(request);
    this.requests -= 1;
    this.heldBytes -= entry.bytes;
  }

  private assertRoomFor(bytes: number): void {
    const holding = this.heldBytes + this.unsettledBytes();
    if (holding + bytes > this.limits.maxBytes) {
      throw busy(
        `ingest holds ${holding} bytes of feeds and unacknowledged records, near its limit of ${this.limits.maxBytes}`,
      );
    }
  }
}

function busy(reason: string): HttpProblem {
  return new HttpProblem(503, `${reason}; retry in a moment`, { 'retry-after': String(RETRY_AFTER_SECONDS) });
}
