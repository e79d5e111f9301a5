import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { type CleanStory, CleanStorySchema, NotFoundError } from '@cleanwire/contracts';
import { ApiRoute, parseQuery } from '@cleanwire/http';
import { NearDuplicateStore, type StoryPage, StoryStore } from '@cleanwire/story-index';
import { pageParams, storyFilter } from './page-params';
import { StoryDuplicatesSchema, StoryExplanationSchema, StoryPageSchema } from './query-api';
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

  /** Stories newest first, optionally from some sources and a time range; `nextCursor` fetches the next page. */
  @Get()
  @ApiRoute({
    summary: 'Stories newest first, optionally from some sources and a time range',
    query: ListParams,
    responses: {
      200: { description: 'One page of stories', schema: StoryPageSchema },
      400: { description: 'A bad parameter' },
    },
  })
  async list(@Query() query: unknown): Promise<StoryPage> {
    const { limit, cursor, ...filter } = parseQuery(ListParams, query);
    return this.store.list({ limit, cursor, ...storyFilter(filter) });
  }

  @Get(':id')
  @ApiRoute({
    summary: 'One story',
    responses: {
      200: { description: 'The story', schema: CleanStorySchema },
      404: { description: 'No story with this id' },
    },
  })
  async get(@Param('id') id: string): Promise<CleanStory> {
    return this.storyOr404(id);
  }

  /** Every line cut from the story's raw text, with its reason, and the count per reason. */
  @Get(':id/explain')
  @ApiRoute({
    summary: 'Every line cut from the story, with its reason',
    responses: {
      200: { description: 'The cuts and their counts', schema: StoryExplanationSchema },
      404: { description: 'No story with this id' },
    },
  })
  async explain(@Param('id') id: string): Promise<StoryExplanation> {
    return explainStory(await this.storyOr404(id));
  }

  @Get(':id/duplicates')
  @ApiRoute({
    summary: "The story's near-duplicate links",
    responses: {
      200: { description: 'The earlier story it duplicates and its stored duplicates', schema: StoryDuplicatesSchema },
      404: { description: 'No story with this id' },
    },
  })
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
