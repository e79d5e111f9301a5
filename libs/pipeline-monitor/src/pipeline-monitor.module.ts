import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { KAFKA, RecordPublisher } from '@cleanwire/kafka';
import type { Logger } from '@cleanwire/logging';
import { FRESHNESS_METRIC, ServiceMetrics } from '@cleanwire/metrics';
import { ArticleLocator } from './article-locator';
import { DeadLetterDesk } from './dead-letter-desk';
import { LazyAdmin } from './kafka-admin';
import { consumerLagMetrics } from './lag-metrics';
import { OffsetSampler, type SamplerOptions } from './offset-sampler';
import { PartitionReader } from './partition-reader';
import { TopicBrowser } from './topic-browser';

export interface PipelineMonitorOptions extends Omit<SamplerOptions, 'freshnessMetric'> {
  logger: Logger;
  /** Records read back per partition when looking for an article, a key or dead letters. */
  scanLimit: number;
}

/** The monitor's view of the pipeline: offsets sampled over time, records read at offsets, dead letters and their actions. */
@Module({})
export class PipelineMonitorModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OffsetSampler) private readonly sampler: OffsetSampler,
    @Inject(PartitionReader) private readonly reader: PartitionReader,
    @Inject(LazyAdmin) private readonly admin: LazyAdmin,
  ) {}

  static forRoot(options: PipelineMonitorOptions): DynamicModule {
    const { logger, scanLimit, ...sampling } = options;
    return {
      module: PipelineMonitorModule,
      providers: [
        { provide: LazyAdmin, inject: [KAFKA], useFactory: (kafka: Kafka) => new LazyAdmin(kafka) },
        { provide: PartitionReader, inject: [KAFKA], useFactory: (kafka: Kafka) => new PartitionReader(kafka) },
        {
          provide: OffsetSampler,
          inject: [LazyAdmin, PartitionReader, ServiceMetrics],
          useFactory: (admin: LazyAdmin, reader: PartitionReader, metrics: ServiceMetrics) => {
            const sampler = new OffsetSampler(
              admin,
              reader,
              { ...sampling, freshnessMetric: FRESHNESS_METRIC },
              logger,
            );
            consumerLagMetrics(metrics, () => sampler.peek());
            return sampler;
          },
        },
        {
          provide: DeadLetterDesk,
          inject: [LazyAdmin, PartitionReader, RecordPublisher],
          useFactory: (admin: LazyAdmin, reader: PartitionReader, publisher: RecordPublisher) =>
            new DeadLetterDesk(admin, reader, publisher, logger, { scanLimit }),
        },
        {
          provide: ArticleLocator,
          inject: [LazyAdmin, PartitionReader, DeadLetterDesk, OffsetSampler],
          useFactory: (admin: LazyAdmin, reader: PartitionReader, desk: DeadLetterDesk, sampler: OffsetSampler) =>
            new ArticleLocator(admin, reader, desk, () => sampler.latest(), { scanLimit }),
        },
        {
          provide: TopicBrowser,
          inject: [LazyAdmin, PartitionReader],
          useFactory: (admin: LazyAdmin, reader: PartitionReader) =>
            new TopicBrowser(admin, reader, { scanLimit, maxValueBytes: 64 * 1024 }),
        },
      ],
      exports: [OffsetSampler, DeadLetterDesk, ArticleLocator, TopicBrowser, PartitionReader, LazyAdmin],
    };
  }

  onApplicationBootstrap(): void {
    this.sampler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.sampler.stop();
    await Promise.all([this.reader.disconnect(), this.admin.disconnect()]);
  }
}
