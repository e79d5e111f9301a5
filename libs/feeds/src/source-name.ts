import { InvalidInputError } from '@cleanwire/contracts';
import { normalizeLine } from '@cleanwire/html';

/** Longest source name, in characters. */
export const MAX_SOURCE_LENGTH = 200;

// Characters that are never part of a name and only serve to deceive whoever reads it later: C0 and C1 controls (NUL,
// terminal escapes) and the bidirectional embeddings, overrides and isolates that reorder what a terminal or page shows.
// Tabs and line breaks are whitespace, which normalization has turned into spaces before this looks.
// eslint-disable-next-line no-control-regex -- finding control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Why a source name (normalized) cannot be stored, or undefined when it can. */
export function sourceNameProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (name.length > MAX_SOURCE_LENGTH) return `must be at most ${MAX_SOURCE_LENGTH} characters`;
  CONTROL_CHARACTERS.lastIndex = 0;
  if (CONTROL_CHARACTERS.test(name)) return 'must not contain control characters';
  return undefined;
}

/** The source a request names (`?source=` or X-Cleanwire-Source), normalized; a 400 naming `source` when it cannot be one. */
export function requestSourceName(source: string): string {
  const name = normalizeLine(source);
  const problem = sourceNameProblem(name);
  if (problem !== undefined) throw new InvalidInputError(`source ${problem}`, 'source');
  return name;
}

/** A feed's own title as a fallback source: normalized, control characters dropped; undefined when nothing usable is left. */
export function feedTitleSourceName(title: string | undefined): string | undefined {
  const name = normalizeLine((title ?? '').replace(CONTROL_CHARACTERS, ''));
  return sourceNameProblem(name) === undefined ? name : undefined;
}
