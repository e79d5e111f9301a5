import { loadConfig } from '@cleanwire/config';
import { IngestConfigSchema } from './ingest.config';

const digest = 'a'.repeat(64);

describe('IngestConfigSchema', () => {
  it('refuses to start without API keys unless authentication is disabled explicitly', () => {
    expect(() => loadConfig(IngestConfigSchema, {})).toThrow(/INGEST_API_KEYS: required/);
    expect(loadConfig(IngestConfigSchema, { INGEST_AUTH: 'disabled' }).INGEST_API_KEYS).toEqual([]);
  });

  it('reads name:sha256hex entries and names a bad one without echoing it', () => {
    const config = loadConfig(IngestConfigSchema, { INGEST_API_KEYS: `scraper:${digest}, backfill:${'B'.repeat(64)}` });
    expect(config.INGEST_API_KEYS).toEqual([
      { name: 'scraper', sha256: digest },
      { name: 'backfill', sha256: 'b'.repeat(64) },
    ]);
    expect(() => loadConfig(IngestConfigSchema, { INGEST_API_KEYS: 'scraper:plain-secret' })).toThrow(
      /INGEST_API_KEYS: entry 1 is not name:sha256hex/,
    );
    expect(() => loadConfig(IngestConfigSchema, { INGEST_API_KEYS: 'scraper:plain-secret' })).not.toThrow(
      /plain-secret/,
    );
    expect(() => loadConfig(IngestConfigSchema, { INGEST_API_KEYS: `a:${digest},a:${digest}` })).toThrow(/twice/);
  });
});
