import type { IncomingMessage } from 'node:http';
import { HttpProblem } from '@cleanwire/http';
import { IngestLoad } from './ingest-load';

const request = (): IncomingMessage => ({}) as IncomingMessage;

function refusal(work: () => void): HttpProblem | undefined {
  try {
    work();
  } catch (error) {
    return error as HttpProblem;
  }
  return undefined;
}

describe('IngestLoad', () => {
  it('refuses a request past the in-flight bound with 503 and Retry-After, and admits again once one finished', () => {
    const load = new IngestLoad({ maxRequests: 2, maxBytes: 1000 }, () => 0);
    const [a, b, c] = [request(), request(), request()];
    load.admit(a, 0);
    load.admit(b, 0);
    const refused = refusal(() => load.admit(c, 0));
    expect(refused).toBeInstanceOf(HttpProblem);
    expect(refused?.statusCode).toBe(503);
    expect(refused?.headers['retry-after']).toBe('1');
    load.release(a);
    load.release(a);
    expect(refusal(() => load.admit(c, 0))).toBeUndefined();
  });

  it('bounds the bytes held: declared lengths, bytes past them as they arrive, and unacknowledged records', () => {
    let unsettled = 0;
    const load = new IngestLoad({ maxRequests: 10, maxBytes: 1000 }, () => unsettled);
    const [a, b, c] = [request(), request(), request()];
    load.admit(a, 600);
    expect(refusal(() => load.admit(b, 500))?.statusCode).toBe(503);
    load.admit(b, 0);
    load.hold(b, 300);
    // Past its declared 0 bytes, b's body counts as it arrives: 600 + 300 + 200 > 1000.
    expect(refusal(() => load.hold(b, 200))?.message).toMatch(/bytes/);
    load.release(a);
    load.release(b);
    unsettled = 950;
    expect(refusal(() => load.admit(c, 100))?.statusCode).toBe(503);
    unsettled = 0;
    expect(refusal(() => load.admit(c, 100))).toBeUndefined();
  });
});
