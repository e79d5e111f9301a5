import { type DynamicModule, Inject, Module, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { HTTP_OBSERVER } from '@cleanwire/http';
import { CONSUMER_OBSERVER, KafkaIncidents, PUBLISHER_OBSERVER } from '@cleanwire/kafka';
import type { Logger } from '@cleanwire/logging';
import { observeRedisCalls } from '@cleanwire/redis';
import { MetricsController } from './metrics.controller';
import { StoryTrail } from './story-trail';
import {
  consumerMetrics,
  httpMetrics,
  offsetResetMetrics,
  PipelineMetrics,
  publisherMetrics,
  redisMetrics,
  ServiceMetrics,
} from './service-metrics';

/**
 * Serves `/metrics` and hands the service's parts their observers: HTTP requests (libs/http), the batch consumer and
 * the record publisher (libs/kafka), Redis calls (libs/redis). None of those parts knows of Prometheus.
 */
@Module({})
export class MetricsModule implements OnApplicationShutdown {
  private readonly stopObservingRedis: () => void;

  constructor(
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
    @Optional() @Inject(KafkaIncidents) incidents?: KafkaIncidents,
  ) {
    this.stopObservingRedis = observeRedisCalls(redisMetrics(metrics));
    if (incidents) offsetResetMetrics(metrics, () => incidents.offsetResets);
  }

  static forRoot(options: { service: string; logger: Logger }): DynamicModule {
    const metrics = new ServiceMetrics(options.service);
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: ServiceMetrics, useValue: metrics },
        { provide: HTTP_OBSERVER, useFactory: () => httpMetrics(metrics) },
        { provide: CONSUMER_OBSERVER, useFactory: () => consumerMetrics(metrics) },
        { provide: PUBLISHER_OBSERVER, useFactory: () => publisherMetrics(metrics) },
        { provide: PipelineMetrics, useFactory: () => new PipelineMetrics(metrics) },
        {
          provide: StoryTrail,
          inject: [PipelineMetrics],
          useFactory: (pipeline: PipelineMetrics) => new StoryTrail(options.logger, pipeline),
        },
      ],
      exports: [ServiceMetrics, HTTP_OBSERVER, CONSUMER_OBSERVER, PUBLISHER_OBSERVER, PipelineMetrics, StoryTrail],
    };
  }

  onApplicationShutdown(): void {
    this.stopObservingRedis();
  }
}
