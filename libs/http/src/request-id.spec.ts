import { requestIdFrom } from './request-id';

describe('requestIdFrom', () => {
  it('keeps a well-formed id a caller sent', () => {
    expect(requestIdFrom('3f2c9a7e-1b2d-4c1e-9f00-aa11bb22cc33')).toBe('3f2c9a7e-1b2d-4c1e-9f00-aa11bb22cc33');
    expect(requestIdFrom(['trace-0001', 'other-0002'])).toBe('trace-0001');
  });

  it.each([undefined, '', 'short', 'has spaces in it', 'x'.repeat(129), 'line\nbreak-injected', '{"json":true}'])(
    'replaces %j with a fresh uuid',
    (header) => {
      const id = requestIdFrom(header);
      expect(id).not.toBe(header);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    },
  );
});
