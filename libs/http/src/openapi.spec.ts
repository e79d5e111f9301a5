import { Controller, Get, Post } from '@nestjs/common';
import { z } from 'zod';
import { ApiRoute } from './api-route';
import { openApiDocument } from './openapi';

const Params = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().describe('terms'),
});
const Thing = z.object({ id: z.string(), size: z.number() });

@Controller('v1/things')
class ThingsController {
  @Get(':id')
  @ApiRoute({
    summary: 'One thing',
    query: Params,
    responses: { 200: { description: 'The thing', schema: Thing }, 404: { description: 'No such thing' } },
  })
  get(): void {}

  @Post()
  @ApiRoute({
    summary: 'Make a thing',
    auth: true,
    body: { content: { 'application/json': Thing, 'text/plain': null } },
    responses: { 201: { description: 'Made' } },
  })
  make(): void {}

  @Get('undocumented')
  hidden(): void {}
}

describe('openApiDocument', () => {
  const document = openApiDocument([ThingsController], { title: 'things', version: '1' }) as {
    openapi: string;
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components?: unknown;
  };

  it('documents every route with @ApiRoute under its OpenAPI path, and only those', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(['/v1/things', '/v1/things/{id}']);
    expect(Object.keys(document.paths['/v1/things']!)).toEqual(['post']);
  });

  it('derives parameters from the same zod schema the handler validates with', () => {
    const get = document.paths['/v1/things/{id}']!.get!;
    expect(get.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      },
      {
        name: 'q',
        in: 'query',
        required: true,
        description: 'terms',
        schema: { type: 'string', description: 'terms' },
      },
    ]);
    const responses = get.responses as Record<string, { content: Record<string, { schema: unknown }> }>;
    expect(responses['200']!.content['application/json']!.schema).toMatchObject({
      type: 'object',
      required: ['id', 'size'],
    });
    // Errors get the one error body without saying so.
    expect(responses['404']!.content['application/json']!.schema).toMatchObject({
      properties: { statusCode: { type: 'integer' }, message: { type: 'string' } },
    });
  });

  it('documents request bodies by media type and the API key a route needs', () => {
    const post = document.paths['/v1/things']!.post!;
    expect(post.security).toEqual([{ apiKey: [] }]);
    expect(Object.keys((post.requestBody as { content: object }).content)).toEqual(['application/json', 'text/plain']);
    expect(document.components).toEqual({
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key' } },
    });
  });
});
