/** A domain error that says whether retrying the same work can ever help. */
export class PipelineError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Infrastructure that is down for now (broker, Redis): retry with backoff, never dead-letter. */
export class RetriableError extends PipelineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
  }
}

/** Work that can never succeed as given (poison input): dead-letter it. */
export class PermanentError extends PipelineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
  }
}

/**
 * true or false when an error says whether a retry can help (ours and kafkajs's carry `retriable`; a stack overflow or
 * a parse error is the same input failing the same way again), undefined when it does not say.
 */
export function retriability(error: unknown): boolean | undefined {
  if (typeof error === 'object' && error !== null && 'retriable' in error) {
    if (typeof error.retriable === 'boolean') return error.retriable;
  }
  if (error instanceof RangeError || error instanceof SyntaxError) return false;
  return undefined;
}

/** Input that is malformed or violates a rule; `field` names the offending field or parameter when there is one. */
export class InvalidInputError extends PermanentError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Input in a format cleanwire does not read. */
export class UnsupportedFormatError extends PermanentError {}

/** Input larger than a configured limit. */
export class TooLargeError extends PermanentError {}

/** Something asked for by id that does not exist. */
export class NotFoundError extends PermanentError {}
