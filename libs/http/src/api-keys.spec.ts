import { ApiKeys, hashApiKey } from './api-keys';
import { HttpProblem } from './http-problem';

describe('ApiKeys', () => {
  const keys = new ApiKeys([
    { name: 'scraper', sha256: hashApiKey('s3cret') },
    { name: 'backfill', sha256: hashApiKey('other') },
  ]);
  const statusOf = (authorization: string | undefined): number | string => {
    try {
      return keys.authenticate(authorization);
    } catch (error) {
      return (error as HttpProblem).statusCode;
    }
  };

  it('names the key a bearer token presents', () => {
    expect(keys.authenticate('Bearer s3cret')).toBe('scraper');
    expect(keys.authenticate('bearer other')).toBe('backfill');
  });

  it('answers 401 with WWW-Authenticate without a bearer key and 403 for a wrong one', () => {
    expect(statusOf(undefined)).toBe(401);
    expect(statusOf('Basic dXNlcjpwYXNz')).toBe(401);
    expect(statusOf('Bearer')).toBe(401);
    expect(statusOf('Bearer s3cret2')).toBe(403);
    try {
      keys.authenticate(undefined);
    } catch (error) {
      expect((error as HttpProblem).headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('hashes keys as sha256sum prints them', () => {
    expect(hashApiKey('cleanwire-local-dev-key')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
