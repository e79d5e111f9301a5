// Compiles every TypeScript tree to dist/ with SWC (path aliases rewritten). Type checking is `npm run typecheck`.
// The monitor's dashboard (apps/monitor/web) runs in the browser: it is compiled apart, as an ES module, and its page
// is copied beside it.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const WEB = 'apps/monitor/web';
const swc = (args) =>
  spawnSync(process.execPath, ['node_modules/@swc/cli/bin/swc.js', ...args, '--quiet'], { stdio: 'inherit' }).status;

const trees = ['apps', 'libs', 'test', 'bench'].filter((dir) => existsSync(dir));
rmSync('dist', { recursive: true, force: true });
const status =
  swc([...trees, '-d', 'dist', '--ignore', '**/*.d.ts', '--ignore', `${WEB}/**`]) ||
  swc([
    WEB,
    '-d',
    'dist',
    '--copy-files',
    '-C',
    'module.type=es6',
    '-C',
    'sourceMaps=false',
    '--ignore',
    '**/tsconfig.json',
  ]);
process.exit(status ?? 1);
