// The layering rule: apps -> adapters -> domain -> contracts, no cycles. `npm run lint` runs it, so CI fails on it.
// Domain and contract libs are listed here; every other lib is an adapter. A new pure lib belongs in DOMAIN.
const CONTRACTS = 'libs/contracts/';
const DOMAIN = ['cleaning', 'feeds', 'search', 'html', 'monitoring'];
const domainPath = `^libs/(${DOMAIN.join('|')})/`;
const purePath = `^(${CONTRACTS}|libs/(${DOMAIN.join('|')})/)`;
// Packages that are infrastructure: only adapters and apps may touch them.
const INFRA_PACKAGES = [
  '@nestjs',
  'kafkajs',
  'ioredis',
  'fastify',
  '@fastify',
  'pino',
  'prom-client',
  'rxjs',
  'reflect-metadata',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules import each other in one direction only.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'apps-are-not-imported',
      severity: 'error',
      comment: 'Apps never import each other, and libs never import an app.',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$2/' },
    },
    {
      name: 'contracts-import-no-lib',
      severity: 'error',
      comment: 'Contracts are the bottom layer: topic names and schemas, nothing else of ours.',
      from: { path: `^${CONTRACTS}` },
      to: { path: '^libs/', pathNot: `^${CONTRACTS}` },
    },
    {
      name: 'domain-imports-domain-and-contracts-only',
      severity: 'error',
      comment: 'Domain libs are pure: they import other domain libs and contracts, never an adapter.',
      from: { path: domainPath },
      to: { path: '^libs/', pathNot: purePath },
    },
    {
      name: 'pure-libs-use-no-infrastructure',
      severity: 'error',
      comment: 'Domain and contracts never import Nest, kafkajs, ioredis, Fastify or the logger.',
      from: { path: purePath },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: `node_modules/(${INFRA_PACKAGES.join('|')})(/|$)`,
      },
    },
    {
      name: 'libs-import-no-tests',
      severity: 'error',
      comment: 'Product code never imports the test harness, corpora or benchmarks.',
      from: { path: '^(apps|libs)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
