import type { INestApplication } from '@nestjs/common';
import type { Logger } from '@cleanwire/logging';

export interface ShutdownOptions {
  logger: Logger;
  /** The longest the service may take to stop before it exits anyway. */
  timeoutMs: number;
  /** Ends the process; tests pass their own. */
  exit?: (code: number) => void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Stops the service on SIGTERM or SIGINT and exits 0: the HTTP server stops taking requests and finishes the ones in
 * flight, a consumer finishes or abandons (uncommitted) the batch in hand and leaves its group, and the clients
 * disconnect. If that takes longer than `timeoutMs`, the process exits 1 without waiting further: whatever was not
 * finished was not acknowledged or committed either, so it is retried by its sender or the partition's next owner.
 */
export function stopOnSignals(app: INestApplication, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal while stopping changes nothing: the deadline already bounds the wait.
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    options.logger.info({ signal, timeoutMs: options.timeoutMs }, 'stopping');
    const deadline = setTimeout(() => {
      options.logger.error(
        { signal, timeoutMs: options.timeoutMs },
        'shutdown deadline passed; exiting with the work in hand unacknowledged',
      );
      exit(1);
    }, options.timeoutMs);
    app.close().then(
      () => {
        clearTimeout(deadline);
        options.logger.info({ signal, ms: Date.now() - started }, 'stopped');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        options.logger.error({ signal, err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, stop);
}
