import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiRoute } from './api-route';

/** The injection token of a function that adds a service's own figures to its health answer. */
export const HEALTH_PROBE = Symbol('HEALTH_PROBE');
export type HealthProbe = () => Record<string, unknown>;

/** The injection token of the service's health checks: a `HealthCheck[]`. */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/**
 * One thing a service needs. A `live` check failing means the process cannot work and should be restarted (a consumer
 * that crashed for good); a `ready` check failing means it should get no traffic for now (Redis does not answer).
 */
export interface HealthCheck {
  name: string;
  scope: 'live' | 'ready';
  /** Resolves when healthy; rejects (or throws) with a message naming the problem. */
  check(): Promise<void> | void;
}

/** Each check's name and 'ok', or its problem. */
export type CheckResults = Record<string, string>;

const CHECK_TIMEOUT_MS = 2000;

@Controller('health')
export class HealthController {
  constructor(
    @Optional() @Inject(HEALTH_PROBE) private readonly probe?: HealthProbe,
    @Optional() @Inject(HEALTH_CHECKS) private readonly checks: readonly HealthCheck[] = [],
  ) {}

  /** Always ok while the process answers, with the service's own figures (consumer counters). */
  @Get()
  @ApiRoute({ summary: 'Liveness of the process, with its counters', responses: { 200: { description: 'ok' } } })
  health(): Record<string, unknown> {
    return { status: 'ok', ...this.probe?.() };
  }

  @Get('live')
  @ApiRoute({
    summary: 'Whether the process can work; 503 naming the failing check means restart it',
    responses: { 200: { description: 'live' }, 503: { description: 'not live' } },
  })
  async live(@Res() reply: FastifyReply): Promise<void> {
    await this.answer(
      reply,
      'live',
      this.checks.filter((check) => check.scope === 'live'),
    );
  }

  @Get('ready')
  @ApiRoute({
    summary: 'Whether its dependencies answer (and a worker consumes); 503 naming the failing check otherwise',
    responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } },
  })
  async ready(@Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, 'ready', this.checks);
  }

  private async answer(reply: FastifyReply, what: 'live' | 'ready', checks: readonly HealthCheck[]): Promise<void> {
    const results = await runChecks(checks);
    const failing = Object.entries(results).filter(([, result]) => result !== 'ok');
    if (failing.length === 0) {
      await reply.status(200).send({ status: what, checks: results });
      return;
    }
    const message = `not ${what}: ${failing.map(([name, problem]) => `${name}: ${problem}`).join('; ')}`;
    await reply.status(503).send({ statusCode: 503, error: 'Service Unavailable', message, checks: results });
  }
}

/** Runs every check at once, each bounded in time; a check that throws or times out reports its message. */
export async function runChecks(checks: readonly HealthCheck[], timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResults> {
  const outcomes = await Promise.all(
    checks.map(async (check): Promise<[string, string]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        });
        await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
        return [check.name, 'ok'];
      } catch (error) {
        return [check.name, error instanceof Error ? error.message : String(error)];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(outcomes);
}
