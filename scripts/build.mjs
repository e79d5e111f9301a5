// Compiles every TypeScript tree to dist/ with SWC (path aliases rewritten). Type checking is `npm run typecheck`.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const trees = ['apps', 'libs', 'test', 'bench'].filter((dir) => existsSync(dir));
rmSync('dist', { recursive: true, force: true });
const swc = spawnSync(
  process.execPath,
  ['node_modules/@swc/cli/bin/swc.js', ...trees, '-d', 'dist', '--quiet', '--ignore', '**/*.d.ts'],
  { stdio: 'inherit' },
);
process.exit(swc.status ?? 1);
