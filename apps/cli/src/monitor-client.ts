import type { BrowsedRecord, DeadLetter, GroupSnapshot, TopicView } from '@cleanwire/pipeline-monitor';

// The monitor's answers, as its own library types them (type imports only: nothing of it runs in the CLI).
export type TopicSummary = TopicView;
export type GroupSummary = Pick<GroupSnapshot, 'group' | 'state' | 'status' | 'lag' | 'lagSeconds' | 'partitions'>;
export type DeadLetterSummary = Pick<
  DeadLetter,
  'id' | 'reason' | 'error' | 'key' | 'failedAt' | 'originalTopic' | 'status'
>;
export type RecordSummary = BrowsedRecord;

/** The monitor's HTTP API, as the CLI uses it; failures carry the monitor's own message. */
export class MonitorClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey?: string,
  ) {}

  async topics(): Promise<TopicSummary[]> {
    return (await this.get<{ topics: TopicSummary[] }>('/v1/topics')).topics;
  }

  async groups(): Promise<GroupSummary[]> {
    return (await this.get<{ groups: GroupSummary[] }>('/v1/groups')).groups;
  }

  async records(topic: string, partition: number, offset: number, limit = 100): Promise<RecordSummary[]> {
    const query = new URLSearchParams({ partition: String(partition), offset: String(offset), limit: String(limit) });
    return (
      await this.get<{ records: RecordSummary[] }>(
        `/v1/topics/${encodeURIComponent(topic)}/messages?${query.toString()}`,
      )
    ).records;
  }

  async deadLetters(filter: Record<string, string | undefined>): Promise<DeadLetterSummary[]> {
    const letters: DeadLetterSummary[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: '500' });
      for (const [name, value] of Object.entries(filter)) if (value !== undefined) query.set(name, value);
      if (cursor) query.set('cursor', cursor);
      const page: { deadLetters: DeadLetterSummary[]; nextCursor: string | null } = await this.get(
        `/v1/dead-letters?${query.toString()}`,
      );
      letters.push(...page.deadLetters);
      cursor = page.nextCursor;
    } while (cursor);
    return letters;
  }

  async act(
    action: 'replay' | 'discard',
    selection: { ids: string[] } | { filter: Record<string, string> },
  ): Promise<string[]> {
    const answer = await this.request<{ replayed?: string[]; discarded?: string[] }>(`/v1/dead-letters/${action}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
      },
      body: JSON.stringify(selection),
    });
    return answer.replayed ?? answer.discarded ?? [];
  }

  private get<T>(path: string): Promise<T> {
    return this.request<T>(path);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/+$/, '')}${path}`, init);
    } catch (error) {
      throw new Error(
        `cannot reach the monitor at ${this.baseUrl} (${(error as Error).message}); is it running? (npm start)`,
      );
    }
    const body = (await response.json().catch(() => ({}))) as T & { message?: string };
    if (!response.ok)
      throw new Error(`the monitor answered ${response.status}: ${body.message ?? response.statusText}`);
    return body;
  }
}
