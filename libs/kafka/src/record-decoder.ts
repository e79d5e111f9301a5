import type { KafkaMessage } from 'kafkajs';

/** Anything with zod's safeParse: the contract schema of a topic. */
export interface RecordSchema {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

export interface DecodedRecord {
  message: KafkaMessage;
  value: unknown;
}

export interface RejectedRecord {
  message: KafkaMessage;
  reason: 'empty-value' | 'invalid-json' | 'schema-violation';
  detail: string;
}

/** Parses and validates each record of a batch on its own, so one poison record costs only itself. */
export function decodeBatch(
  messages: readonly KafkaMessage[],
  schema: RecordSchema,
): { records: DecodedRecord[]; rejects: RejectedRecord[] } {
  const records: DecodedRecord[] = [];
  const rejects: RejectedRecord[] = [];
  for (const message of messages) {
    if (!message.value || message.value.length === 0) {
      rejects.push({ message, reason: 'empty-value', detail: 'the record has no value' });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(message.value.toString('utf8'));
    } catch (error) {
      rejects.push({ message, reason: 'invalid-json', detail: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) {
      records.push({ message, value: parsed.data });
    } else {
      const detail = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      rejects.push({ message, reason: 'schema-violation', detail });
    }
  }
  return { records, rejects };
}
