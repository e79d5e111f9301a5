// `npm start`: runs the whole pipeline on this machine. Installs what is missing, starts an embedded Redis and a
// Kafka-protocol broker (librdkafka's mock cluster via kcat) unless REDIS_URL / KAFKA_BROKERS point elsewhere,
// starts the five services, prints their URLs, and stops everything it started on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = join(root, '.cleanwire');
const logDir = join(stateDir, 'logs');
const children = [];
const DEV_API_KEY = 'cleanwire-local-dev-key';
/** The workers' fetch wait on the embedded mock broker; see README, Performance. */
const MOCK_FETCH_WAIT_MS = 20;
let stopping = false;

const say = (line) => process.stdout.write(`cleanwire: ${line}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    throw new Error(`Node.js >= 20.19 is required, this is ${process.versions.node}`);
}

function installPackages() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
    say('installing npm packages (npm ci)');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  say('building');
  run(process.execPath, ['scripts/build.mjs']);
}

function installSystemPackages(packages) {
  const missing = packages.filter(([command]) => !has(command)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  say(`installing ${missing.join(', ')} from Debian's packages`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...args) =>
    run(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', ...missing);
}

function freePort(preferred) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(preferred === 0 ? Promise.reject(new Error('no free port')) : freePort(0)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function start(name, command, args, env = {}) {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push({ name, child });
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log, { end: false });
    stream.on('data', (chunk) => echoProblems(name, chunk));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} exited (${signal ?? code}); see ${join(logDir, `${name}.log`)}`);
      void stop(1);
    }
  });
  return child;
}

// Service logs go to files; warnings and errors also reach the terminal.
function echoProblems(name, chunk) {
  for (const line of chunk.toString().split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.level >= 40) process.stdout.write(`[${name}] ${entry.level >= 50 ? 'ERROR' : 'WARN'} ${entry.msg}\n`);
    } catch {
      // not a log line
    }
  }
}

async function startRedis() {
  const port = await freePort(6379);
  start('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await waitFor(
    () =>
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .trim() === 'PONG',
    'Redis',
  );
  return `redis://127.0.0.1:${port}`;
}

async function startKafka() {
  const logFile = join(logDir, 'kafka-mock.log');
  const child = start('kafka-mock', 'kcat', [
    '-C',
    '-b',
    'unused:9092',
    '-t',
    '_keepalive',
    '-X',
    'test.mock.num.brokers=3',
    // kcat's own keepalive consumer shares the process: a long freeze (a paused laptop, SIGSTOP) must not end it.
    '-X',
    'socket.timeout.ms=300000',
    '-d',
    'mock',
  ]);
  let output = '';
  child.stderr.on('data', (chunk) => {
    output += chunk.toString();
  });
  let brokers = '';
  await waitFor(() => {
    brokers = /bootstrap\.servers=(\S+)/.exec(output)?.[1] ?? '';
    return brokers !== '';
  }, `the Kafka mock cluster (see ${logFile})`);
  return brokers;
}

async function waitFor(check, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopped');
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

async function healthy(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  // Services first, so they commit and leave their groups while the broker and Redis are still up.
  const infrastructure = new Set(['redis', 'kafka-mock']);
  await Promise.all(children.filter(({ name }) => !infrastructure.has(name)).map(({ child }) => terminate(child)));
  await Promise.all(children.filter(({ name }) => infrastructure.has(name)).map(({ child }) => terminate(child)));
  say('stopped');
  process.exit(code);
}

async function terminate(child, graceMs = 15000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function main() {
  checkNode();
  mkdirSync(logDir, { recursive: true });
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  installPackages();
  const embedded = [];
  // Redis is needed by indexer and query, and by ingest for rate limits and idempotency keys.
  if (!process.env.REDIS_URL) embedded.push(['redis-server', 'redis-server'], ['redis-cli', 'redis-tools']);
  if (!process.env.KAFKA_BROKERS) embedded.push(['kcat', 'kcat']);
  installSystemPackages(embedded);

  const env = {};
  // A documented development key, never for production: set INGEST_API_KEYS (name:sha256hex) to use your own.
  const apiKey = process.env.INGEST_API_KEYS ? (process.env.CLEANWIRE_API_KEY ?? '<your key>') : DEV_API_KEY;
  const devKeys = `local-dev:${createHash('sha256').update(DEV_API_KEY).digest('hex')}`;
  if (!process.env.INGEST_API_KEYS && process.env.INGEST_AUTH !== 'disabled') {
    env.INGEST_API_KEYS = devKeys;
    say(`ingest accepts the development API key ${DEV_API_KEY} (set INGEST_API_KEYS to use your own)`);
  }
  if (!process.env.MONITOR_API_KEYS && process.env.MONITOR_AUTH !== 'disabled') {
    env.MONITOR_API_KEYS = devKeys;
    say(
      `monitor's replay and discard accept the development API key ${DEV_API_KEY} (set MONITOR_API_KEYS to use your own)`,
    );
  }
  if (!process.env.REDIS_URL) {
    env.REDIS_URL = await startRedis();
    say(`embedded Redis at ${env.REDIS_URL} (in memory)`);
  }
  if (!process.env.KAFKA_BROKERS) {
    env.KAFKA_BROKERS = await startKafka();
    // The mock cluster has no idempotent producer; say so rather than let the producer fail.
    env.KAFKA_IDEMPOTENT_PRODUCER = process.env.KAFKA_IDEMPOTENT_PRODUCER ?? 'false';
    // The mock holds a fetch with nothing to return for the whole wait, new records or not (real Kafka answers as soon
    // as one arrives), so every hop would add up to the wait to an article's freshness. bench/ uses the same wait.
    env.KAFKA_FETCH_MAX_WAIT_MS = process.env.KAFKA_FETCH_MAX_WAIT_MS ?? String(MOCK_FETCH_WAIT_MS);
    // The mock elects a group's leader while a dead member is still listed and then waits a second session timeout,
    // so a restarted worker waits about twice this long there; real Kafka's minimum (6 s) is the default elsewhere.
    env.KAFKA_SESSION_TIMEOUT_MS = process.env.KAFKA_SESSION_TIMEOUT_MS ?? '4000';
    say(`embedded Kafka-protocol broker (librdkafka mock cluster, in memory) at ${env.KAFKA_BROKERS}`);
  }
  const ports = {
    ingest: Number(process.env.INGEST_PORT ?? 3000),
    query: Number(process.env.QUERY_PORT ?? 3001),
    normalizer: Number(process.env.NORMALIZER_HEALTH_PORT ?? 3010),
    indexer: Number(process.env.INDEXER_HEALTH_PORT ?? 3011),
    monitor: Number(process.env.MONITOR_PORT ?? 3002),
  };
  // The monitor reads the freshness histogram from the indexer's metrics.
  env.MONITOR_METRICS_URLS = process.env.MONITOR_METRICS_URLS ?? `http://127.0.0.1:${ports.indexer}/metrics`;
  // V8 heap flags per service, chosen with the benchmarks (README, Performance).
  const nodeFlags = JSON.parse(readFileSync(join(root, 'scripts', 'node-flags.json'), 'utf8'));
  for (const service of ['normalizer', 'indexer', 'ingest', 'query', 'monitor']) {
    const flags = nodeFlags[service] ?? [];
    start(
      service,
      process.execPath,
      ['--enable-source-maps', ...flags, join('dist', 'apps', service, 'src', 'main.js')],
      env,
    );
  }
  for (const [service, port] of Object.entries(ports)) {
    await waitFor(
      () => healthy(`http://127.0.0.1:${port}/health`),
      `${service} (see ${join(logDir, `${service}.log`)})`,
      60000,
    );
  }
  const fixture = join('..', 'shared', 'fixtures', 'asharq-two-stories.txt');
  say('running; Ctrl-C stops everything');
  process.stdout.write(`
  monitor     http://127.0.0.1:${ports.monitor}/     the dashboard; GET /v1/topics, /v1/groups, /v1/dead-letters, /v1/articles/:id
  ingest      http://127.0.0.1:${ports.ingest}     POST /v1/feeds
  query       http://127.0.0.1:${ports.query}     GET /v1/stories, /v1/stories/:id, /v1/search?q=
  normalizer  http://127.0.0.1:${ports.normalizer}/health
  indexer     http://127.0.0.1:${ports.indexer}/health
  every one   /metrics, /health/live, /health/ready; ingest, query and monitor: /docs, /openapi.json
  logs        ${logDir}

  curl -s -X POST 'http://127.0.0.1:${ports.ingest}/v1/feeds?source=Asharq%20Al-Awsat' -H 'authorization: Bearer ${apiKey}' -H 'content-type: text/plain' --data-binary @${fixture}
  CLEANWIRE_API_KEY=${apiKey} npx cleanwire post --source 'Asharq Al-Awsat' ${fixture}
  curl -s 'http://127.0.0.1:${ports.query}/v1/stories?limit=10'
  npx cleanwire lag --watch
`);
  // Keep the version of what runs visible in the logs for bug reports.
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  say(`cleanwire ${version} up`);
}

main().catch((error) => {
  process.stderr.write(`cleanwire: ${error.message}\n`);
  void stop(1);
});
