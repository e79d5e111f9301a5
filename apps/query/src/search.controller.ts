import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { type SearchPage, StorySearch } from '@cleanwire/story-index';
import { ApiRoute, parseQuery } from '@cleanwire/http';
import { pageParams, storyFilter } from './page-params';
import { SearchPageSchema } from './query-api';

const MAX_QUERY_LENGTH = 500;

const SearchParams = z
  .object({
    q: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a single string') })
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`),
    sort: z.enum(['relevance', 'newest'], { message: 'must be relevance or newest' }).default('relevance'),
    ...pageParams,
  })
  .strict();

@Controller('v1/search')
export class SearchController {
  constructor(@Inject(StorySearch) private readonly search: StorySearch) {}

  /** Stories matching the query language of `q` (see README), most relevant or newest first, with snippets. */
  @Get()
  @ApiRoute({
    summary: 'Stories matching q (words, "phrases", -exclusions, prefix*), most relevant or newest first',
    query: SearchParams,
    responses: {
      200: { description: 'One page of results, each with its score and snippet', schema: SearchPageSchema },
      400: { description: 'A bad parameter' },
    },
  })
  async find(@Query() query: unknown): Promise<SearchPage> {
    const { q, sort, limit, cursor, ...filter } = parseQuery(SearchParams, query);
    return this.search.search({ q, sort, limit, cursor, ...storyFilter(filter) });
  }
}
