import { Inject, Injectable } from '@nestjs/common';
import { RetriableError } from '@cleanwire/contracts';
import { ApiKeys, tooManyRequests } from '@cleanwire/http';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { RateLimitStore } from '@cleanwire/ingest-guards';
import { INGEST_CONFIG, type IngestConfig } from './ingest.config';
import { ANONYMOUS } from './request-caller';

// One warning per interval while Redis is away, not one per request.
const REDIS_WARNING_INTERVAL_MS = 30_000;

/**
 * The checks a write passes before its body is read: a configured API key (401 without one, 403 for a wrong one),
 * then the key's rate limit, counted in Redis so it holds across replicas (429 with Retry-After). When Redis cannot
 * count, writes pass: the limit protects capacity, while refusing every write would stop ingest altogether.
 */
@Injectable()
export class WriteGate {
  private readonly keys: ApiKeys | undefined;
  private lastRedisWarning = 0;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(RateLimitStore) private readonly limits: RateLimitStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.keys = config.INGEST_AUTH === 'disabled' ? undefined : new ApiKeys(config.INGEST_API_KEYS);
  }

  /** The name of the calling API key, once it is allowed to write now. */
  async admit(authorization: string | undefined): Promise<string> {
    const caller = this.keys ? this.keys.authenticate(authorization) : ANONYMOUS;
    const perMinute = this.config.INGEST_RATE_LIMIT_PER_MINUTE;
    try {
      const verdict = await this.limits.take(caller, perMinute);
      if (!verdict.allowed) {
        throw tooManyRequests(`the rate limit of ${perMinute} requests per minute is used up`, verdict.retryAfterMs);
      }
    } catch (error) {
      if (!(error instanceof RetriableError)) throw error;
      if (Date.now() - this.lastRedisWarning > REDIS_WARNING_INTERVAL_MS) {
        this.lastRedisWarning = Date.now();
        this.logger.warn({ err: error }, 'rate limits not enforced: Redis cannot count requests');
      }
    }
    return caller;
  }
}
