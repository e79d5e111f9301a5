import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, throwError, timeout } from 'rxjs';
import { RetriableError } from '@cleanwire/contracts';

/** Fails a request that is not answered within its deadline as retriable: the exception filter answers 503 + Retry-After. */
@Injectable()
export class RequestDeadlineInterceptor implements NestInterceptor {
  constructor(private readonly deadlineMs: number) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      timeout({
        first: this.deadlineMs,
        with: () => throwError(() => new RetriableError(`the story index did not answer within ${this.deadlineMs} ms`)),
      }),
    );
  }
}
