import fc from 'fast-check';
import { InvalidInputError } from '@cleanwire/contracts';
import {
  decodeListCursor,
  decodeSearchCursor,
  encodeListCursor,
  encodeSearchCursor,
  InvalidCursorError,
  searchFingerprint,
} from './story-cursor';

const member = '8285000000000:story/é:1';

describe('list cursors', () => {
  it('round-trip a sort member', () => {
    const cursor = encodeListCursor(member);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeListCursor(cursor)).toBe(member);
  });

  it('reject garbage, search cursors and non-canonical base64', () => {
    const search = encodeSearchCursor(20, searchFingerprint(['a'], undefined));
    const canonical = encodeListCursor(member);
    for (const bad of ['', 'not a cursor!', 'abc', search, `${canonical}=`, 'x'.repeat(5000), '__8']) {
      expect(() => decodeListCursor(bad)).toThrow(InvalidCursorError);
    }
  });

  it('is an InvalidInputError on the cursor field, so HTTP answers 400', () => {
    const error = (() => {
      try {
        decodeListCursor('nope');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'cursor', retriable: false, name: 'InvalidCursorError' });
  });

  it('never throws anything but InvalidCursorError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        try {
          decodeListCursor(input);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCursorError);
        }
      }),
    );
  });
});

describe('search cursors', () => {
  const fingerprint = searchFingerprint(['storm', 'coast'], 'bbc');

  it('round-trip an offset for the same query', () => {
    expect(decodeSearchCursor(encodeSearchCursor(40, fingerprint), fingerprint)).toBe(40);
  });

  it('reject a cursor issued for another query or source', () => {
    const cursor = encodeSearchCursor(40, fingerprint);
    expect(() => decodeSearchCursor(cursor, searchFingerprint(['storm'], 'bbc'))).toThrow(InvalidCursorError);
    expect(() => decodeSearchCursor(cursor, searchFingerprint(['storm', 'coast'], undefined))).toThrow(
      InvalidCursorError,
    );
  });

  it('reject list cursors and malformed offsets', () => {
    expect(() => decodeSearchCursor(encodeListCursor(member), fingerprint)).toThrow(InvalidCursorError);
    const forged = Buffer.from(`s:-1:${fingerprint}`).toString('base64url');
    expect(() => decodeSearchCursor(forged, fingerprint)).toThrow(InvalidCursorError);
  });
});
