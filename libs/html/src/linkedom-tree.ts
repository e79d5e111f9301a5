import { DOMParser } from 'linkedom';
import { html as parse5Html, parse, type TreeAdapter, type TreeAdapterTypeMap } from 'parse5';

// parse5 builds the tree the HTML standard prescribes (as browsers do: implied html, head and body, stray head
// content, misnested tags); this adapter has it build linkedom's nodes directly, so the page is parsed once.

const HTML_NS = parse5Html.NS.HTML;

/** The members of a linkedom node the adapter uses; linkedom's own types lean on the DOM lib, absent here. */
interface LinkedNode {
  readonly nodeType: number;
  readonly localName?: string;
  readonly namespaceURI?: string | null;
  readonly parentNode: LinkedNode | null;
  readonly firstChild: LinkedNode | null;
  readonly lastChild: LinkedNode | null;
  readonly previousSibling: LinkedNode | null;
  readonly childNodes: LinkedNode[];
  readonly attributes?: ArrayLike<{ name: string; value: string }>;
  data?: string;
  appendChild(node: LinkedNode): void;
  insertBefore(node: LinkedNode, reference: LinkedNode): void;
  removeChild(node: LinkedNode): void;
  setAttribute?(name: string, value: string): void;
  hasAttribute?(name: string): boolean;
}

interface LinkedDocument extends LinkedNode {
  readonly documentElement: LinkedNode | null;
  createElement(tagName: string): LinkedNode;
  createElementNS(namespace: string, tagName: string): LinkedNode;
  createComment(data: string): LinkedNode;
  createTextNode(data: string): LinkedNode;
  createDocumentFragment(): LinkedNode;
}

type LinkedTypes = TreeAdapterTypeMap<
  LinkedNode,
  LinkedNode,
  LinkedNode,
  LinkedDocument,
  LinkedNode,
  LinkedNode,
  LinkedNode,
  LinkedNode,
  LinkedNode,
  LinkedNode
>;

/** Parses a whole page with parse5's tree construction into a linkedom document. */
export function parseLinkedPage(html: string): unknown {
  const document = new DOMParser().parseFromString(
    '<!doctype html><html></html>',
    'text/html',
  ) as unknown as LinkedDocument;
  document.removeChild(document.documentElement!);
  parse(html, { treeAdapter: linkedomAdapter(document) });
  return document;
}

function setAttributes(element: LinkedNode, attributes: ReadonlyArray<{ name: string; value: string }>): void {
  for (const { name, value } of attributes) {
    if (element.hasAttribute?.(name)) continue;
    try {
      element.setAttribute?.(name, value);
    } catch {
      // A name the DOM refuses ("<p a<b>") is dropped, as browsers drop what they cannot represent.
    }
  }
}

function linkedomAdapter(document: LinkedDocument): TreeAdapter<LinkedTypes> {
  const templates = new WeakMap<LinkedNode, LinkedNode>();
  let mode: ReturnType<TreeAdapter<LinkedTypes>['getDocumentMode']> = 'no-quirks' as never;
  const text = (node: LinkedNode | null): node is LinkedNode => node?.nodeType === 3;
  return {
    createDocument: () => document,
    createDocumentFragment: () => document.createDocumentFragment(),
    createElement(tagName, namespace, attributes) {
      const element =
        namespace === HTML_NS ? document.createElement(tagName) : document.createElementNS(namespace, tagName);
      setAttributes(element, attributes);
      return element;
    },
    createCommentNode: (data) => document.createComment(data),
    createTextNode: (value) => document.createTextNode(value),
    appendChild: (parent, node) => parent.appendChild(node),
    insertBefore: (parent, node, reference) => parent.insertBefore(node, reference),
    setTemplateContent: (template, content) => void templates.set(template, content),
    getTemplateContent: (template) => templates.get(template) ?? document.createDocumentFragment(),
    // The doctype only sets quirks mode, which parse5 tracks itself.
    setDocumentType: () => undefined,
    setDocumentMode: (_, documentMode) => void (mode = documentMode),
    getDocumentMode: () => mode,
    detachNode: (node) => node.parentNode?.removeChild(node),
    insertText(parent, value) {
      const last = parent.lastChild;
      if (text(last)) last.data += value;
      else parent.appendChild(document.createTextNode(value));
    },
    insertTextBefore(parent, value, reference) {
      const previous = reference.previousSibling;
      if (text(previous)) previous.data += value;
      else parent.insertBefore(document.createTextNode(value), reference);
    },
    adoptAttributes: (element, attributes) => setAttributes(element, attributes),
    getFirstChild: (node) => node.firstChild,
    getChildNodes: (node) => node.childNodes,
    getParentNode: (node) => node.parentNode,
    getAttrList: (element) => Array.from(element.attributes ?? [], ({ name, value }) => ({ name, value })),
    getTagName: (element) => element.localName ?? '',
    getNamespaceURI: (element) => (element.namespaceURI ?? HTML_NS) as typeof HTML_NS,
    getTextNodeContent: (node) => node.data ?? '',
    getCommentNodeContent: (node) => node.data ?? '',
    getDocumentTypeNodeName: () => 'html',
    getDocumentTypeNodePublicId: () => '',
    getDocumentTypeNodeSystemId: () => '',
    isTextNode: (node): node is LinkedNode => node.nodeType === 3,
    isCommentNode: (node): node is LinkedNode => node.nodeType === 8,
    isDocumentTypeNode: (node): node is LinkedNode => node.nodeType === 10,
    isElementNode: (node): node is LinkedNode => node.nodeType === 1,
    setNodeSourceCodeLocation: () => undefined,
    getNodeSourceCodeLocation: () => undefined,
    updateNodeSourceCodeLocation: () => undefined,
  };
}
