import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { StoryStore } from '@cleanwire/story-index';
import { ApiRoute, parseQuery } from '@cleanwire/http';
import { pageParams } from './page-params';
import { SearchPageSchema } from './query-api';

const SearchParams = z
  .object({ q: z.string({ message: 'is required' }).trim().min(1, 'must not be empty').max(500), ...pageParams })
  .strict();

@Controller('v1/search')
export class SearchController {
  constructor(@Inject(StoryStore) private readonly store: StoryStore) {}

  /** Stories that contain every term of `q`, most relevant first, then newest. */
  @Get()
  @ApiRoute({
    summary: 'Stories containing every term of q, most relevant first',
    query: SearchParams,
    responses: {
      200: { description: 'One page of results', schema: SearchPageSchema },
      400: { description: 'A bad parameter' },
    },
  })
  async search(@Query() query: unknown): Promise<Awaited<ReturnType<StoryStore['search']>>> {
    return this.store.search(parseQuery(SearchParams, query));
  }
}
