import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { type CleanStory, NotFoundError } from '@cleanwire/contracts';
import { parseQuery } from '@cleanwire/http';
import { type StoryPage, StoryStore } from '@cleanwire/redis';
import { pageParams } from './page-params';

const ListParams = z.object(pageParams).strict();

@Controller('v1/stories')
export class StoriesController {
  constructor(@Inject(StoryStore) private readonly store: StoryStore) {}

  /** Stories newest first, optionally from one source; `nextCursor` fetches the next page. */
  @Get()
  async list(@Query() query: unknown): Promise<StoryPage> {
    return this.store.list(parseQuery(ListParams, query));
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<CleanStory> {
    const story = await this.store.get(id);
    if (!story) throw new NotFoundError(`no story with id ${id}`);
    return story;
  }
}
