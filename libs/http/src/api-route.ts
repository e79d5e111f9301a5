import { SetMetadata } from '@nestjs/common';
import { z } from 'zod';

/** One answer a route can give: what it means and, for JSON, the zod schema of its body. */
export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  /** Default `application/json`. */
  mediaType?: string;
}

/**
 * What the OpenAPI document says of a route. Schemas are the same zod schemas the handler validates with (its query
 * or body schema, passed here by reference), so the document and the validation cannot drift apart.
 */
export interface RouteDoc {
  summary: string;
  description?: string;
  /** The query parameters' schema: a zod object, as given to `parseQuery`. */
  query?: z.ZodType;
  /** The path parameters' schema: a zod object; unlisted path parameters are documented as strings. */
  params?: z.ZodType;
  /** The request body by media type; a schema for JSON bodies, null where the body is a document of that type. */
  body?: { description?: string; content: Record<string, z.ZodType | null> };
  responses: Record<number, RouteResponse>;
  /** Needs `Authorization: Bearer <key>`. */
  auth?: boolean;
}

/** The metadata key route docs are stored under, read by `openApiDocument`. */
export const API_ROUTE = 'cleanwire:api-route';

/** Registers a route's documentation beside its handler: the one place the OpenAPI generator reads. */
export const ApiRoute = (doc: RouteDoc): MethodDecorator => SetMetadata(API_ROUTE, doc);

/** The body of every error answer; the filter in http-error.filter.ts builds it. */
export const ErrorBodySchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
