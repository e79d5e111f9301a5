import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '@cleanwire/contracts';
import { HttpProblem, toErrorResponse } from '@cleanwire/http';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { IdempotencyStore } from '@cleanwire/ingest-guards';
import type { HttpOutcome } from './feed-ingestion.service';
import { INGEST_CONFIG, type IngestConfig } from './ingest.config';

/** Who asks and with which key, and how to fingerprint the request once its body has been read. */
export interface IdempotentRequest {
  /** The API key's name: keys are scoped per client. */
  caller: string;
  /** The Idempotency-Key header, if sent. */
  key: string | undefined;
  /** Method, URL, media type and body hash; called after the work, or to compare a retry with the first request. */
  fingerprint(): Promise<string>;
}

// How long a claim holds while its request is being worked on; a crashed replica frees its keys after this.
const CLAIM_MS = 10 * 60 * 1000;
const KEY_SYNTAX = /^[\x21-\x7e]{1,255}$/;

/**
 * Idempotency-Key semantics: a retry of a finished request gets the first response (status and body) and publishes
 * nothing; a duplicate while the first is in flight is a 409; the same key with another request is a 422. Failures a
 * retry can fix (5xx) are not remembered. Without Redis, a request carrying a key is a 503: answering it without the
 * key's record could publish twice.
 */
@Injectable()
export class IdempotentRequests {
  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(request: IdempotentRequest, work: () => Promise<HttpOutcome>): Promise<HttpOutcome> {
    const { caller, key } = request;
    if (key === undefined) return work();
    if (!KEY_SYNTAX.test(key)) {
      throw new InvalidInputError('Idempotency-Key must be 1 to 255 visible ASCII characters', 'Idempotency-Key');
    }
    const claim = await this.store.claim(caller, key, CLAIM_MS);
    if (!claim.claimed) {
      if (claim.record.state === 'in-flight') {
        throw new HttpProblem(409, `a request with this Idempotency-Key is still in progress; retry once it finished`, {
          'retry-after': '1',
        });
      }
      if (claim.record.fingerprint !== (await request.fingerprint())) {
        throw new HttpProblem(
          422,
          'this Idempotency-Key was used for a different request (method, URL, content type or body); use a new key for a new request',
        );
      }
      const { status, body, headers } = claim.record.response;
      return { status, body, headers: { ...headers, 'idempotent-replayed': 'true' } };
    }
    let outcome: HttpOutcome;
    try {
      outcome = await work();
    } catch (error) {
      const { body, headers } = toErrorResponse(error);
      await this.settle(request, claim.token, { status: body.statusCode, body, headers });
      throw error;
    }
    await this.settle(request, claim.token, outcome);
    return outcome;
  }

  /** Remembers a final answer; frees the key after a failure a retry can fix. */
  private async settle(request: IdempotentRequest, token: string, outcome: HttpOutcome): Promise<void> {
    const { caller, key = '' } = request;
    try {
      if (outcome.status >= 500) {
        await this.store.release(caller, key, token);
        return;
      }
      const headers = Object.fromEntries(Object.entries(outcome.headers).filter(([name]) => name !== 'connection'));
      const ttlMs = this.config.INGEST_IDEMPOTENCY_TTL_SECONDS * 1000;
      const response = { status: outcome.status, body: outcome.body, headers };
      if (
        !(await this.store.complete(caller, key, token, { fingerprint: await request.fingerprint(), response }, ttlMs))
      ) {
        this.logger.warn(
          { caller },
          'idempotency claim expired before the request finished; a retry may publish again',
        );
      }
    } catch (error) {
      // The records are published (or the request is settled) already; failing the answer now would only make the
      // client retry. The claim expires on its own.
      this.logger.error({ err: error, caller }, 'could not record the idempotent response; a retry may publish again');
    }
  }
}
