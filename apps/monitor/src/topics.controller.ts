import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { z } from 'zod';
import { ApiRoute, parseQuery } from '@cleanwire/http';
import { OffsetSampler, TopicBrowser, topicViews } from '@cleanwire/pipeline-monitor';
import { MessagesAnswer, TopicMessagesParams, TopicsAnswer } from './monitor-api';

@Controller('v1/topics')
export class TopicsController {
  constructor(
    @Inject(OffsetSampler) private readonly sampler: OffsetSampler,
    @Inject(TopicBrowser) private readonly browser: TopicBrowser,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'Every topic: partitions, earliest and latest offsets, message count, produce rate over the last minute',
    responses: { 200: { description: 'The newest sample', schema: TopicsAnswer } },
  })
  async topics(): Promise<z.infer<typeof TopicsAnswer>> {
    const latest = await this.sampler.latest();
    return { sampledAt: new Date(latest.at).toISOString(), topics: topicViews(this.sampler.history()) };
  }

  @Get(':topic/messages')
  @ApiRoute({
    summary: "A topic's records with decoded values and headers, newest first unless an offset or time is given",
    query: TopicMessagesParams,
    responses: {
      200: { description: 'The records', schema: MessagesAnswer },
      400: { description: 'A bad parameter' },
      404: { description: 'No such topic or partition' },
    },
  })
  async messages(@Param('topic') topic: string, @Query() query: unknown): Promise<z.infer<typeof MessagesAnswer>> {
    const { from, ...params } = parseQuery(TopicMessagesParams, query);
    const records = await this.browser.browse(topic, { ...params, ...(from ? { from: new Date(from) } : {}) });
    return { topic, records };
  }
}
