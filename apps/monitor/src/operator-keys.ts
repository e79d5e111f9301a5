import { Inject, Injectable } from '@nestjs/common';
import { ApiKeys } from '@cleanwire/http';
import { MONITOR_CONFIG, type MonitorConfig } from './monitor.config';

/** The API keys allowed to replay and discard dead letters. */
@Injectable()
export class OperatorKeys {
  private readonly keys: ApiKeys | undefined;

  constructor(@Inject(MONITOR_CONFIG) config: MonitorConfig) {
    this.keys = config.MONITOR_AUTH === 'disabled' ? undefined : new ApiKeys(config.MONITOR_API_KEYS);
  }

  /** The name of the key the request presents; 401 or 403 otherwise. */
  operator(authorization: string | undefined): string {
    return this.keys ? this.keys.authenticate(authorization) : 'anonymous';
  }
}
