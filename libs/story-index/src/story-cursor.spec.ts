import fc from 'fast-check';
import { InvalidInputError } from '@cleanwire/contracts';
import { recencyMember } from './index-keys';
import {
  decodeListCursor,
  decodeSearchCursor,
  encodeListCursor,
  encodeSearchCursor,
  InvalidCursorError,
  queryFingerprint,
} from './story-cursor';

const fingerprint = queryFingerprint(['list', ['wire'], null, null]);
const position = { member: recencyMember(1_700_000_000_000, 42), shard: 3 };

describe('list cursors', () => {
  it('round-trip a position for the same listing', () => {
    const cursor = encodeListCursor(position, fingerprint);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeListCursor(cursor, fingerprint)).toEqual(position);
  });

  it('reject garbage, cursors of another listing, search cursors and non-canonical base64', () => {
    const canonical = encodeListCursor(position, fingerprint);
    const search = encodeSearchCursor({ windows: [null], after: null, total: 1, totalIsEstimate: false }, fingerprint);
    expect(() => decodeListCursor(canonical, queryFingerprint(['list', [], null, null]))).toThrow(InvalidCursorError);
    for (const bad of ['', 'not a cursor!', 'abc', search, `${canonical}=`, 'x'.repeat(5000), '__8']) {
      expect(() => decodeListCursor(bad, fingerprint)).toThrow(InvalidCursorError);
    }
  });

  it('is an InvalidInputError on the cursor field, and never throws anything else', () => {
    expect(() => decodeListCursor('nope', fingerprint)).toThrow(InvalidInputError);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        try {
          decodeListCursor(input, fingerprint);
          decodeSearchCursor(input, fingerprint, 4);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCursorError);
          expect(error).toMatchObject({ field: 'cursor', retriable: false });
        }
      }),
    );
  });
});

describe('search cursors', () => {
  const at = {
    windows: [null, 1200, -1],
    after: [1.5, 1_700_000_000_000, 1, 77] as [number, number, number, number],
    total: 340,
    totalIsEstimate: true,
  };

  it('round-trip a position for the same query and shard layout', () => {
    expect(decodeSearchCursor(encodeSearchCursor(at, fingerprint), fingerprint, 3)).toEqual(at);
  });

  it('reject a cursor of another query or shard layout, and forged payloads', () => {
    const cursor = encodeSearchCursor(at, fingerprint);
    expect(() => decodeSearchCursor(cursor, queryFingerprint('other'), 3)).toThrow(InvalidCursorError);
    expect(() => decodeSearchCursor(cursor, fingerprint, 4)).toThrow(InvalidCursorError);
    const forged = Buffer.from(`s:${JSON.stringify({ f: fingerprint, w: [null], a: null, t: -1, e: false })}`).toString(
      'base64url',
    );
    expect(() => decodeSearchCursor(forged, fingerprint, 1)).toThrow(InvalidCursorError);
  });
});
