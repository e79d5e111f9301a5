// Jest globalSetup of the integration and e2e projects: the Docker daemon must answer, the local
// images must exist (built from host binaries when missing or stale), and containers left by test
// processes that died are removed. Quick (a few hundred ms) when all is in place.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { HARNESS_LABEL, OWNER_PID_LABEL } from './docker';

const run = promisify(execFile);

export default async function globalSetup(): Promise<void> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  await assertDockerAnswers();
  // With both official images chosen there is nothing local to build.
  if (!process.env.CLEANWIRE_TEST_REDIS_IMAGE || !process.env.CLEANWIRE_TEST_KAFKA_IMAGE) {
    await buildLocalImages();
  }
  await removeStaleContainers();
}

async function assertDockerAnswers(): Promise<void> {
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 15_000 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(
      'The Docker daemon does not answer, and the integration and e2e suites run Redis and Kafka in containers.\n' +
        'Run the tests with `npm test` (scripts/test.sh installs and starts dockerd), or start it yourself:\n' +
        '  bash scripts/provision.sh && (dockerd --iptables=false >/tmp/dockerd.log 2>&1 &)\n' +
        `docker said: ${stderr?.trim() || message}`,
    );
  }
}

async function buildLocalImages(): Promise<void> {
  const build = spawn('bash', [imageBuildScript()], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve, reject) => {
    build.once('error', reject);
    build.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`tools/images/build.sh failed (exit ${code}); see its output above`);
}

// Found by walking up, so a compiled copy under dist/ finds it too.
function imageBuildScript(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const script = join(dir, 'tools', 'images', 'build.sh');
    if (existsSync(script)) return script;
  }
  return join(process.cwd(), 'tools', 'images', 'build.sh');
}

/** Removes containers of ours whose owning test process is gone (killed, crashed, timed out). */
async function removeStaleContainers(): Promise<void> {
  const { stdout } = await run('docker', [
    'ps',
    '--all',
    '--filter',
    `label=${HARNESS_LABEL}`,
    '--format',
    `{{.ID}} {{.Label "${OWNER_PID_LABEL}"}}`,
  ]);
  const stale = stdout
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter(([id, pid]) => id && !isAlive(Number(pid)))
    .map(([id]) => id as string);
  if (stale.length > 0) await run('docker', ['rm', '--force', ...stale]);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
