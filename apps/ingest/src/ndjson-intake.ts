import { InvalidInputError, TooLargeError } from '@cleanwire/contracts';
import type { AcceptedItem, ItemVerdict, RejectedItem } from '@cleanwire/feeds';
import type { NdjsonLine } from './ndjson-lines';

export interface NdjsonIntakeOptions {
  /** Most lines a stream may hold, blank ones included. */
  maxLines: number;
  /** Most rejected lines before the stream is refused: a stream of broken lines costs little to refuse. */
  maxRejectedLines: number;
  /** Most accepted lines per publish call. */
  batchSize: number;
  /** Most bytes of accepted lines per publish call: a batch of large articles is published sooner. */
  batchBytes: number;
  /** Validates one line on its own. */
  admit(text: string, index: number): ItemVerdict;
  /** Publishes a batch; resolves once the broker acknowledged every record. */
  publish(batch: readonly AcceptedItem[]): Promise<void>;
}

/** The published part of an NDJSON stream. Every line before `resumeFromLine` is published or rejected. */
export interface NdjsonProgress {
  accepted: Array<{ index: number; id: string }>;
  rejected: RejectedItem[];
  resumeFromLine: number;
}

export type NdjsonOutcome = ({ complete: true } | { complete: false; error: unknown }) & NdjsonProgress;

/**
 * Reads an NDJSON stream line by line, validates each line on its own and publishes accepted lines in batches (bounded
 * in lines and in bytes) while the stream is still arriving, so memory holds one batch. When the stream, a limit or the broker fails midway, the
 * outcome says how far it got: only lines whose records the broker acknowledged count as accepted.
 */
export async function ingestNdjson(
  lines: AsyncIterable<NdjsonLine>,
  options: NdjsonIntakeOptions,
): Promise<NdjsonOutcome> {
  const accepted: NdjsonProgress['accepted'] = [];
  const rejected: RejectedItem[] = [];
  let pending: AcceptedItem[] = [];
  let pendingBytes = 0;
  let next = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await options.publish(pending);
    for (const { index, article } of pending) accepted.push({ index, id: article.id });
    pending = [];
    pendingBytes = 0;
  };
  /** Lists a rejected line; true once the stream has more rejected lines than it may. */
  const reject = (line: RejectedItem): boolean => rejected.push(line) > options.maxRejectedLines;
  const failed = (error: unknown, at: number): NdjsonOutcome => {
    const resumeFromLine = pending[0]?.index ?? at;
    const settled = rejected.filter((line) => line.index < resumeFromLine);
    return { complete: false, error, accepted, rejected: settled, resumeFromLine };
  };
  const stop = async (error: unknown, at: number): Promise<NdjsonOutcome> => {
    // Lines received whole before the failure stand on their own: publish them, so the answer names a clean prefix.
    try {
      await flush();
    } catch (publishError) {
      return failed(publishError, at);
    }
    return failed(error, at);
  };
  try {
    for await (const line of lines) {
      next = line.index + 1;
      if (line.index >= options.maxLines) {
        const limit = options.maxLines;
        return await stop(new TooLargeError(`the stream holds more than ${limit} lines; at most ${limit}`), limit);
      }
      let refused = false;
      if ('reason' in line) refused = reject(line);
      else if (line.text.trim() !== '') {
        const verdict = options.admit(line.text, line.index);
        if ('rejected' in verdict) refused = reject(verdict.rejected);
        else {
          pending.push(verdict.accepted);
          pendingBytes += Buffer.byteLength(line.text);
        }
      }
      if (refused) return await stop(tooManyRejected(rejected), line.index);
      if (pending.length >= options.batchSize || pendingBytes >= options.batchBytes) {
        try {
          await flush();
        } catch (error) {
          return failed(error, next);
        }
      }
    }
  } catch (error) {
    return stop(error, next);
  }
  try {
    await flush();
  } catch (error) {
    return failed(error, next);
  }
  return { complete: true, accepted, rejected, resumeFromLine: next };
}

function tooManyRejected(rejected: readonly RejectedItem[]): InvalidInputError {
  const [first] = rejected;
  return new InvalidInputError(
    `more than ${rejected.length - 1} lines of the stream were rejected (the first, line ${first?.index}: ${first?.reason})`,
  );
}
