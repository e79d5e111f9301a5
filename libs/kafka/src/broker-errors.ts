// What kafkajs errors say, read through their wrappers: a retried call that gave up wraps its last error in `cause`,
// a send to several brokers gathers theirs in `errors`.

interface KafkaJsErrorShape {
  name?: unknown;
  type?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** Every error in a kafkajs error's chain of causes and aggregates, the error itself first. */
function errorChain(error: unknown): KafkaJsErrorShape[] {
  const chain: KafkaJsErrorShape[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < 50) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null || chain.includes(next)) continue;
    const shape = next as KafkaJsErrorShape;
    chain.push(shape);
    pending.push(shape.cause);
    if (Array.isArray(shape.errors)) pending.push(...(shape.errors as unknown[]));
  }
  return chain;
}

/** The Kafka protocol error types (`MESSAGE_TOO_LARGE`, `REBALANCE_IN_PROGRESS`...) found in an error's chain. */
export function brokerErrorTypes(error: unknown): string[] {
  return errorChain(error)
    .map((shape) => shape.type)
    .filter((type): type is string => typeof type === 'string');
}

/** kafkajs error names found in an error's chain. */
function errorNames(error: unknown): string[] {
  return errorChain(error)
    .map((shape) => shape.name)
    .filter((name): name is string => typeof name === 'string');
}

const REBALANCING = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

/** Whether the group moved on (a rebalance, or this member was dropped): the batch in hand is no longer this member's. */
export function isRebalance(error: unknown): boolean {
  return brokerErrorTypes(error).some((type) => REBALANCING.has(type));
}

// Refusals of this client's own settings: the same settings are refused on every restart, so only a new
// configuration (and a restarted process) helps.
const CONFIGURATION_TYPES = new Set([
  'INVALID_SESSION_TIMEOUT',
  'INVALID_GROUP_ID',
  'INCONSISTENT_GROUP_PROTOCOL',
  'UNSUPPORTED_VERSION',
  'UNSUPPORTED_SASL_MECHANISM',
  'ILLEGAL_SASL_STATE',
  'SASL_AUTHENTICATION_FAILED',
]);
const CONFIGURATION_NAMES = new Set(['KafkaJSSASLAuthenticationError', 'KafkaJSServerDoesNotSupportApiKey']);

/**
 * Whether a consumer crash comes from its own configuration, which no restart can fix. Anything else (a broker that
 * is down, frozen or failing over, a connection lost, rights an operator can grant) ends once the broker answers again.
 */
export function isConfigurationError(error: unknown): boolean {
  return (
    brokerErrorTypes(error).some((type) => CONFIGURATION_TYPES.has(type)) ||
    errorNames(error).some((name) => CONFIGURATION_NAMES.has(name))
  );
}
