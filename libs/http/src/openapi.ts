import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { ModulesContainer } from '@nestjs/core';
import { z } from 'zod';
import { API_ROUTE, ErrorBodySchema, type RouteDoc } from './api-route';

export interface ApiInfo {
  title: string;
  version: string;
  description?: string;
}

type JsonObject = Record<string, unknown>;

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
};

/** Every documented route of the given controllers, found through Nest's own route metadata. */
export function documentedRoutes(
  controllers: Iterable<Type>,
): Array<{ method: string; path: string; doc: RouteDoc; tag: string }> {
  const routes: Array<{ method: string; path: string; doc: RouteDoc; tag: string }> = [];
  for (const controller of controllers) {
    const base = firstPath(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const doc = Reflect.getMetadata(API_ROUTE, handler) as RouteDoc | undefined;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      if (!doc || !method) continue;
      const path = joinPath(base, firstPath(Reflect.getMetadata(PATH_METADATA, handler)));
      routes.push({ method, path, doc, tag: base.split('/').filter(Boolean).pop() ?? 'service' });
    }
  }
  return routes;
}

/** An OpenAPI 3.1 document of the controllers' documented routes, schemas generated from their zod schemas. */
export function openApiDocument(controllers: Iterable<Type>, info: ApiInfo): JsonObject {
  const paths: Record<string, JsonObject> = {};
  let needsAuth = false;
  for (const { method, path, doc, tag } of documentedRoutes(controllers)) {
    const openApiPath = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    needsAuth ||= doc.auth === true;
    paths[openApiPath] = { ...paths[openApiPath], [method]: operation(doc, path, tag) };
  }
  return {
    openapi: '3.1.0',
    info,
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    ...(needsAuth
      ? { components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key' } } } }
      : {}),
  };
}

/** The controllers of every module of a running Nest application. */
export function controllersOf(modules: ModulesContainer): Type[] {
  return [...modules.values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type),
  );
}

function operation(doc: RouteDoc, path: string, tag: string): JsonObject {
  const pathNames = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] ?? '');
  const pathSchemas = doc.params ? properties(doc.params, 'input') : { properties: {}, required: [] };
  const parameters = [
    ...pathNames.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: pathSchemas.properties[name] ?? { type: 'string' },
    })),
    ...(doc.query ? queryParameters(doc.query) : []),
  ];
  return {
    tags: [tag],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body ? { requestBody: requestBody(doc.body) } : {}),
    responses: Object.fromEntries(
      Object.entries(doc.responses).map(([status, response]) => {
        const schema = response.schema ?? (Number(status) >= 400 ? ErrorBodySchema : undefined);
        const content = schema ? { [response.mediaType ?? 'application/json']: { schema: jsonSchema(schema) } } : {};
        return [status, { description: response.description, ...(schema ? { content } : {}) }];
      }),
    ),
    ...(doc.auth ? { security: [{ apiKey: [] }] } : {}),
  };
}

function queryParameters(schema: z.ZodType): JsonObject[] {
  const { properties: props, required } = properties(schema, 'input');
  return Object.entries(props).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function requestBody(body: NonNullable<RouteDoc['body']>): JsonObject {
  return {
    required: true,
    ...(body.description ? { description: body.description } : {}),
    content: Object.fromEntries(
      Object.entries(body.content).map(([type, schema]) => [
        type,
        schema ? { schema: jsonSchema(schema, 'input') } : {},
      ]),
    ),
  };
}

function properties(
  schema: z.ZodType,
  io: 'input' | 'output',
): { properties: Record<string, JsonObject>; required: string[] } {
  const json = jsonSchema(schema, io) as { properties?: Record<string, JsonObject>; required?: string[] };
  return { properties: json.properties ?? {}, required: json.required ?? [] };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return json;
}

function firstPath(value: unknown): string {
  return Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '';
}

function joinPath(base: string, path: string): string {
  const joined = `/${[base, path]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
  return joined;
}
