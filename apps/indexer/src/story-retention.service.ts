import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { StoryIndexer } from '@cleanwire/story-index';

export const RETENTION_OPTIONS = Symbol('RETENTION_OPTIONS');

export interface RetentionOptions {
  /** Stories sorted more than this many days ago are removed; 0 keeps everything. */
  days: number;
  /** How often the sweep runs. */
  intervalMs: number;
}

/** Stories removed per step: each step is a few bounded Redis calls, so a large backlog never blocks Redis. */
const STEP = 500;

/** Removes stories older than the retention period, with every index entry, on a timer. */
@Injectable()
export class StoryRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(StoryIndexer) private readonly indexer: StoryIndexer,
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.days <= 0) return;
    const sweep = (): void => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    };
    this.timer = setInterval(sweep, this.options.intervalMs);
    this.timer.unref();
    sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep: removes old stories step by step until none is left. */
  async sweep(): Promise<void> {
    const cutoff = Date.now() - this.options.days * 86_400_000;
    let removed = 0;
    try {
      for (let step = STEP; step === STEP;) {
        step = await this.indexer.removeOlderThan(cutoff, STEP);
        removed += step;
      }
      if (removed > 0) this.logger.info({ removed, days: this.options.days }, 'removed stories past retention');
    } catch (error) {
      this.logger.warn({ err: error, removed }, 'retention sweep failed; the next one retries');
    }
  }
}
