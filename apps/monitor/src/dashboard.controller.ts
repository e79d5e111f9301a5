import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiRoute } from '@cleanwire/http';
import { freshnessView, OffsetSampler, series, topicViews } from '@cleanwire/pipeline-monitor';
import { GroupsAnswer, TopicsAnswer } from './monitor-api';

// Built by `npm run build` next to the compiled service: dist/apps/monitor/web.
const WEB = join(__dirname, '..', 'web');

const OverviewAnswer = z.object({
  sampledAt: z.string(),
  topics: TopicsAnswer.shape.topics,
  groups: GroupsAnswer.shape.groups,
  series: z.array(
    z.object({
      at: z.number(),
      produced: z.record(z.string(), z.number()),
      lag: z.record(z.string(), z.object({ messages: z.number(), seconds: z.number() })),
    }),
  ),
  freshness: z.object({
    stories: z.number(),
    p50Seconds: z.number().nullable(),
    p99Seconds: z.number().nullable(),
    windowSeconds: z.number(),
  }),
});

/** The dashboard page, its script, and the one answer it polls for. */
@Controller()
export class DashboardController {
  private readonly page = readFileSync(join(WEB, 'index.html'), 'utf8');
  private readonly script = readFileSync(join(WEB, 'dashboard.js'), 'utf8');

  constructor(@Inject(OffsetSampler) private readonly sampler: OffsetSampler) {}

  @Get()
  async dashboard(@Res() reply: FastifyReply): Promise<void> {
    await reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(this.page);
  }

  @Get('assets/dashboard.js')
  async dashboardScript(@Res() reply: FastifyReply): Promise<void> {
    await reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(this.script);
  }

  @Get('v1/overview')
  @ApiRoute({
    summary: "Everything the dashboard shows but the dead letters: topics, groups, the charts' series, freshness",
    responses: { 200: { description: 'The newest sample and the kept history', schema: OverviewAnswer } },
  })
  async overview(): Promise<z.infer<typeof OverviewAnswer>> {
    const latest = await this.sampler.latest();
    const history = this.sampler.history();
    return {
      sampledAt: new Date(latest.at).toISOString(),
      topics: topicViews(history),
      groups: latest.groups,
      series: series(history),
      freshness: freshnessView(history),
    };
  }
}
