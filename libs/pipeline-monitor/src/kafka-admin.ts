import type { Admin, Kafka } from 'kafkajs';

/** One admin connection, connected on first use and again after a failed connect. */
export class LazyAdmin {
  private readonly admin: Admin;
  private connecting: Promise<void> | null = null;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  async get(): Promise<Admin> {
    this.connecting ??= this.admin.connect().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    await this.connecting;
    return this.admin;
  }

  /** Each partition's start and end offsets, by partition, ascending. */
  async offsets(topic: string): Promise<Array<{ partition: number; start: number; end: number }>> {
    const offsets = await (await this.get()).fetchTopicOffsets(topic);
    return offsets
      .map(({ partition, low, high }) => ({ partition, start: Number(low), end: Number(high) }))
      .sort((a, b) => a.partition - b.partition);
  }

  async topics(): Promise<string[]> {
    return (await this.get()).listTopics();
  }

  async disconnect(): Promise<void> {
    this.connecting = null;
    await this.admin.disconnect().catch(() => undefined);
  }
}
