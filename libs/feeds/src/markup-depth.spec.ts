import fc from 'fast-check';
import { DOMParser } from 'linkedom';
import { htmlNestingDepth } from './markup-depth';

interface DomNode {
  nodeType: number;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
}

/** The element depth of the tree linkedom builds for a fragment, below its <body>. */
function domDepth(html: string): number {
  const document = new DOMParser().parseFromString(`<html><body>${html}</body></html>`, 'text/html') as unknown as {
    body: DomNode;
  };
  let deepest = 0;
  const stack: Array<[DomNode, number]> = [[document.body, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

describe('htmlNestingDepth', () => {
  it.each([
    ['paragraphs left open, as siblings', '<p>a<p>b<p>c', 1],
    ['lists inside list items', '<ul><li>a<li>b<ul><li>c</ul></ul>', 4],
    ['nested blocks', '<div><section><div>x</div></section></div>', 3],
    ['void elements', '<div><br><img src=x></div>', 1],
    ['"self-closed" elements, which HTML opens', '<div/><div/><div/>', 3],
    ['blocks that end an open paragraph', '<p>a<div>b<p>c<ul><li>d</ul></div>', 3],
    ['stray end tags, which close nothing', '<div></span></span><div></div></div>', 2],
    ['tags inside comments and scripts', '<div><!-- <div><div> --><script>"<div><div>"</script></div>', 1],
    ['a ">" inside an attribute value', '<div title="a>b"><em>x</em></div>', 2],
    ['an unclosed script after a ">"', 'a > b <div><script>x <div>', 1],
    ['an unclosed title', '<p><title>x', 1],
  ])('reads %s', (_name, html, depth) => {
    expect(htmlNestingDepth(html, 100)).toBe(depth);
  });

  it('stops counting past the limit', () => {
    expect(htmlNestingDepth('<div>'.repeat(29_000), 512)).toBe(513);
  });

  // A stray </p> makes an empty <p> where it stands: one leaf level the estimate does not count.
  it('never reads more than one level less than the tree a parser builds', () => {
    const tag = fc.constantFrom(
      '<div/>',
      '<td>',
      '<tr>',
      '<table>',
      '</table>',
      '<script>x</script>',
      '<title>',
      '</title>',
      '<script>',
      '>',
      '<div>',
      '</div>',
      '<span>',
      '</span>',
      '<p>',
      '</p>',
      '<b>',
      '</b>',
      '<i>',
      '</i>',
      '<br>',
      'x',
      '<li>',
      '<ul>',
      '</ul>',
    );
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 60 }), (parts) => {
        const html = parts.join('');
        expect(htmlNestingDepth(html, 1000) + 1).toBeGreaterThanOrEqual(domDepth(html));
      }),
      { numRuns: 300 },
    );
  });
});
