import { Controller, Get, Inject, Optional } from '@nestjs/common';

/** The injection token of a function that adds a service's own figures to its health answer. */
export const HEALTH_PROBE = Symbol('HEALTH_PROBE');
export type HealthProbe = () => Record<string, unknown>;

@Controller('health')
export class HealthController {
  constructor(@Optional() @Inject(HEALTH_PROBE) private readonly probe?: HealthProbe) {}

  @Get()
  health(): Record<string, unknown> {
    return { status: 'ok', ...this.probe?.() };
  }
}
