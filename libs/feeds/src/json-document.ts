import { InvalidInputError } from '@cleanwire/contracts';

/** Parses JSON and refuses documents nesting arrays and objects deeper than `maxDepth`. */
export function parseJsonDocument(text: string, maxDepth: number, what = 'the body'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  assertJsonDepth(value, maxDepth, what);
  return value;
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
