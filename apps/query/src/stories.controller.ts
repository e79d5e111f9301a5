import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { type CleanStory, NotFoundError } from '@cleanwire/contracts';
import { parseQuery } from '@cleanwire/http';
import { NearDuplicateStore, type StoryPage, StoryStore } from '@cleanwire/story-index';
import { pageParams, storyFilter } from './page-params';
import { explainStory, type StoryExplanation } from './story-explanation';

const ListParams = z.object(pageParams).strict();

/** A story's near-duplicate links: the earlier story it duplicates, and every stored near-duplicate, earliest first. */
export interface StoryDuplicates {
  id: string;
  duplicateOf: string | null;
  duplicates: string[];
}

@Controller('v1/stories')
export class StoriesController {
  constructor(
    @Inject(StoryStore) private readonly store: StoryStore,
    @Inject(NearDuplicateStore) private readonly nearDuplicates: NearDuplicateStore,
  ) {}

  /** Stories newest first, optionally from one source; `nextCursor` fetches the next page. */
  @Get()
  async list(@Query() query: unknown): Promise<StoryPage> {
    const { limit, cursor, ...filter } = parseQuery(ListParams, query);
    return this.store.list({ limit, cursor, ...storyFilter(filter) });
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<CleanStory> {
    return this.storyOr404(id);
  }

  /** Every line cut from the story's raw text, with its reason, and the count per reason. */
  @Get(':id/explain')
  async explain(@Param('id') id: string): Promise<StoryExplanation> {
    return explainStory(await this.storyOr404(id));
  }

  @Get(':id/duplicates')
  async duplicates(@Param('id') id: string): Promise<StoryDuplicates> {
    const story = await this.storyOr404(id);
    const near = await this.nearDuplicates.nearDuplicates(id);
    return { id, duplicateOf: near?.duplicateOf ?? story.duplicateOf ?? null, duplicates: near?.duplicates ?? [] };
  }

  private async storyOr404(id: string): Promise<CleanStory> {
    const story = await this.store.get(id);
    if (!story) throw new NotFoundError(`no story with id ${id}`);
    return story;
  }
}
