import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiRoute, parseQuery } from '@cleanwire/http';
import { ArticleLocator, type ArticleTrail } from '@cleanwire/pipeline-monitor';
import { ArticleAnswer } from './monitor-api';

const RecentParams = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }).strict();

@Controller('v1/articles')
export class ArticlesController {
  constructor(@Inject(ArticleLocator) private readonly locator: ArticleLocator) {}

  @Get()
  @ApiRoute({
    summary: 'The newest published articles, each with where it is now',
    query: RecentParams,
    responses: {
      200: { description: 'Their trails, newest first', schema: z.object({ articles: z.array(ArticleAnswer) }) },
    },
  })
  async recent(@Query() query: unknown): Promise<{ articles: ArticleTrail[] }> {
    return { articles: await this.locator.recent(parseQuery(RecentParams, query).limit) };
  }

  @Get(':id')
  @ApiRoute({
    summary: 'Where an accepted article is: published raw, cleaned, stored in the index, or dead-lettered and why',
    responses: {
      200: { description: 'Its trail', schema: ArticleAnswer },
      404: { description: 'No such article among the newest records of its partition' },
    },
  })
  async locate(@Param('id') id: string): Promise<ArticleTrail> {
    return this.locator.locate(id);
  }
}
