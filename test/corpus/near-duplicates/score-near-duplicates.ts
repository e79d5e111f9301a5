/* eslint-disable no-console -- a developer script: printing the score is its job */
// npm run build && npm run corpus:near-duplicates
import { scoreNearDuplicates } from './near-duplicate-eval';

const score = scoreNearDuplicates();
for (const [kind, { pairs, linked }] of Object.entries(score.byKind))
  console.log(`${kind.padEnd(16)} ${linked}/${pairs} linked`);
console.log(
  `\n${score.pairs} labelled pairs: precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)} ` +
    `(${score.missedByLsh} duplicates lost by LSH before verification)`,
);
process.exitCode = score.precision >= 0.99 && score.recall >= 0.95 ? 0 : 1;
