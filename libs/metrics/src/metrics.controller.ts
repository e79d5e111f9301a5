import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiRoute } from '@cleanwire/http';
import { ServiceMetrics } from './service-metrics';

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  @Get()
  @ApiRoute({
    summary: 'Prometheus metrics of this service',
    responses: { 200: { description: 'Prometheus text exposition format', mediaType: 'text/plain' } },
  })
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const text = await this.metrics.registry.metrics();
    await reply.type(this.metrics.registry.contentType).send(text);
  }
}
