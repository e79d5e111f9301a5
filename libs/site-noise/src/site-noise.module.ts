import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from '@cleanwire/logging';
import { createRedisClient } from '@cleanwire/redis';
import { SiteNoiseStore, type SiteNoiseStoreOptions } from './site-noise.store';

/** The injection token of the Redis client behind the learned site noise. */
export const SITE_NOISE_REDIS = Symbol('SITE_NOISE_REDIS');

/** Provides the site-noise store on its own Redis connection, and closes it on shutdown. */
@Module({})
export class SiteNoiseModule implements OnApplicationShutdown {
  constructor(@Inject(SITE_NOISE_REDIS) private readonly redis: Redis) {}

  static forRoot(options: { url: string; logger?: Logger } & SiteNoiseStoreOptions): DynamicModule {
    const { url, logger, ...storeOptions } = options;
    return {
      module: SiteNoiseModule,
      global: true,
      providers: [
        { provide: SITE_NOISE_REDIS, useFactory: () => createRedisClient(url, { logger, name: 'site-noise' }) },
        {
          provide: SiteNoiseStore,
          inject: [SITE_NOISE_REDIS],
          useFactory: (redis: Redis) => new SiteNoiseStore(redis, storeOptions),
        },
      ],
      exports: [SITE_NOISE_REDIS, SiteNoiseStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
