// Three tiers: unit specs beside the code, integration and end-to-end suites in test/ (real Redis and Kafka).
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
// linkedom's dependencies are ESM-only; Jest (before Node 24.9) cannot require them, so SWC turns them into CommonJS.
const ESM_PACKAGES = [
  'boolbase',
  'css-select',
  'css-what',
  'cssomnom',
  'dom-serializer',
  'domelementtype',
  'domhandler',
  'domutils',
  'entities',
  'htmlparser2',
  'nth-check',
  'uhyphen',
];
const shared = {
  transform: { '^.+\\.(ts|js)$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper: { '^@cleanwire/([^/]+)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  // Topic auto-creation and consumer-group joins take seconds on a fresh broker; unit specs finish far sooner.
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
    },
    {
      ...shared,
      // The services as processes while their broker, Redis and themselves are killed, frozen and restarted.
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
    },
  ],
};
