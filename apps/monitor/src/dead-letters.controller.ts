import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { ApiRoute, parseJsonBody, parseQuery } from '@cleanwire/http';
import { DeadLetterDesk, pageOfDeadLetters } from '@cleanwire/pipeline-monitor';
import { DeadLetterParams, DeadLetterSelectionSchema, DeadLettersAnswer } from './monitor-api';
import { OperatorKeys } from './operator-keys';

const AUTH_ERRORS = {
  400: { description: 'A bad body' },
  401: { description: 'No API key' },
  403: { description: 'A wrong API key' },
};
const SELECTION_BODY = { content: { 'application/json': DeadLetterSelectionSchema } };

@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(
    @Inject(DeadLetterDesk) private readonly desk: DeadLetterDesk,
    @Inject(OperatorKeys) private readonly keys: OperatorKeys,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'Dead letters with their reason, error, original place, headers and payload; newest first',
    query: DeadLetterParams,
    responses: { 200: { description: 'One page', schema: DeadLettersAnswer }, 400: { description: 'A bad parameter' } },
  })
  async list(@Query() query: unknown): Promise<z.infer<typeof DeadLettersAnswer>> {
    const { limit, cursor, ...filter } = parseQuery(DeadLetterParams, query);
    return pageOfDeadLetters(await this.desk.list(filter), limit, cursor);
  }

  @Post('replay')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Put dead letters back on their original topics: the ones named, or every pending one a filter matches',
    auth: true,
    body: SELECTION_BODY,
    responses: { 200: { description: 'The ids replayed' }, ...AUTH_ERRORS, 404: { description: 'An unknown id' } },
  })
  async replay(
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): Promise<{ replayed: string[] }> {
    const operator = this.keys.operator(authorization);
    return this.desk.replay(parseJsonBody(DeadLetterSelectionSchema, body), operator);
  }

  @Post('discard')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Mark dead letters handled without replaying them',
    auth: true,
    body: SELECTION_BODY,
    responses: { 200: { description: 'The ids discarded' }, ...AUTH_ERRORS, 404: { description: 'An unknown id' } },
  })
  async discard(
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): Promise<{ discarded: string[] }> {
    const operator = this.keys.operator(authorization);
    return this.desk.discard(parseJsonBody(DeadLetterSelectionSchema, body), operator);
  }
}
