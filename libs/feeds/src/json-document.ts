import { InvalidInputError } from '@cleanwire/contracts';
import { tooManyItems } from './feed-item';

export interface JsonLimits {
  /** Deepest nesting of arrays and objects. */
  maxDepth: number;
  /**
   * Most elements an array near the top (the document itself, or a member of the top object such as a JSON Feed's
   * `items`) may hold; more is a TooLargeError before anything is parsed.
   */
  maxItems?: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
// Arrays at these depths hold a feed's items: the document (JSON articles) or a top-level member (JSON Feed).
const ITEM_ARRAY_DEPTH = 2;

/**
 * Parses JSON after one linear pass over the text that refuses nesting deeper than `maxDepth` and item arrays longer
 * than `maxItems`, so neither a 29,000-deep document nor millions of tiny items are ever built into objects.
 */
export function parseJsonDocument(text: string, limits: JsonLimits, what = 'the body'): unknown {
  prescanJson(text, limits, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Throws when a parsed JSON value nests deeper than `maxDepth`; walks with a stack, never recursion. */
export function assertJsonDepth(value: unknown, maxDepth: number, what = 'the body'): void {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) throw new InvalidInputError(`${what} nests JSON deeper than ${maxDepth} levels`);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
}

/** Counts nesting and item-array elements outside strings; malformed text is left for JSON.parse to name. */
function prescanJson(text: string, limits: JsonLimits, what: string): void {
  const maxItems = limits.maxItems ?? Number.POSITIVE_INFINITY;
  // For each open array or object: whether it is an array, and the elements seen in it so far.
  const open: Array<{ array: boolean; elements: number }> = [];
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (inString) {
      if (code === BACKSLASH) at++;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (WHITESPACE.has(code)) continue;
    const parent = open[open.length - 1];
    if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      open.pop();
      continue;
    }
    if (code === COMMA || code === COLON) continue;
    // A value starts here (or a key, in an object): count it as an element of the array around it.
    if (parent?.array && open.length <= ITEM_ARRAY_DEPTH && ++parent.elements > maxItems) {
      throw tooManyItems(maxItems);
    }
    if (code === QUOTE) inString = true;
    else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (open.length >= limits.maxDepth)
        throw new InvalidInputError(`${what} nests JSON deeper than ${limits.maxDepth} levels`);
      open.push({ array: code === OPEN_ARRAY, elements: 0 });
    } else {
      // A number, true, false or null: skip to its end so each is counted once.
      while (at + 1 < text.length && !isDelimiter(text.charCodeAt(at + 1))) at++;
    }
  }
}

function isDelimiter(code: number): boolean {
  return code === COMMA || code === CLOSE_ARRAY || code === CLOSE_OBJECT || WHITESPACE.has(code) || code === COLON;
}
