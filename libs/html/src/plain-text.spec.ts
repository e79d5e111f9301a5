import fc from 'fast-check';
import { declaredHtmlCharset } from './charset-prescan';
import { htmlPageFacts } from './page-facts';
import { hasMarkup, plainText } from './plain-text';

describe('plainText', () => {
  it.each([
    ['Counting <em>swifts</em> &amp; martins', 'Counting swifts & martins'],
    ['&amp;lt;b&amp;gt;Floods&amp;lt;/b&amp;gt;', 'Floods'],
    ['<script>alert(1)</script>Council votes', 'Council votes'],
    ['Prices rose 5% as 3 < 4 and 5 > 2', 'Prices rose 5% as 3 < 4 and 5 > 2'],
  ])('reads %s as %s', (text, plain) => expect(plainText(text)).toBe(plain));

  it('never leaves an element tag behind, and is idempotent', () => {
    const parts = fc.constantFrom('<b>', '</b>', '&lt;i&gt;', '&amp;lt;p&amp;gt;', 'word ', '<br/>', '&amp;', '<', '>');
    fc.assert(
      fc.property(fc.array(parts, { maxLength: 20 }), (tokens) => {
        const plain = plainText(tokens.join(''));
        expect(/<\/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?\/?>/.test(plain)).toBe(false);
        expect(plainText(plain)).toBe(plain);
      }),
      { numRuns: 200 },
    );
  });

  it('tells markup from text', () => {
    expect(hasMarkup('AT&amp;T')).toBe(true);
    expect(hasMarkup('AT&T and x < y')).toBe(false);
  });
});

describe('declaredHtmlCharset', () => {
  it('reads meta charset and http-equiv, skipping comments, and looks past 1024 bytes to the end of the head', () => {
    expect(declaredHtmlCharset('<meta charset="ISO-8859-2">')).toBe('iso-8859-2');
    expect(declaredHtmlCharset('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb2312">')).toBe('gb2312');
    expect(declaredHtmlCharset('<!-- <meta charset="koi8-r"> --><meta charset=utf-8>')).toBe('utf-8');
    expect(declaredHtmlCharset(`<head><script>${' '.repeat(3000)}</script><meta charset="windows-1250">`)).toBe(
      'windows-1250',
    );
    expect(declaredHtmlCharset(`<head>${' '.repeat(2000)}</head><body><meta charset="koi8-r">`)).toBeUndefined();
  });
});

describe('htmlPageFacts', () => {
  it('reads one body even when markup before it makes the parser open two (conditional comments)', () => {
    const page =
      '<!DOCTYPE html><!--[if lt IE 10]><html class="ie"><![endif]--><!--[if !IE]><!--><html><!--<![endif]--><head><title>T</title></head><body><p>Story text.</p></body></html>';
    expect(htmlPageFacts(page)).toMatchObject({ headline: 'T', hasText: true });
  });

  it('says a script-only page shows no text', () => {
    expect(
      htmlPageFacts('<html><body><script>boot()</script><noscript>Enable JavaScript</noscript></body></html>').hasText,
    ).toBe(false);
  });
});
