import { BaseRpcContext } from '@nestjs/microservices';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { REQUEST_ID_RECORD_HEADER } from '@cleanwire/contracts';

type KafkaBatchContextArgs = [topic: string, partition: number, messages: KafkaMessage[]];

/** Where a record is and which request brought it: the fields of every log line about it. */
export interface RecordLogContext {
  topic: string;
  partition: number;
  offset: string;
  requestId?: string;
}

/** What a batch handler can learn about its batch beside the decoded records: `@Ctx() context`. */
export class KafkaBatchContext extends BaseRpcContext<KafkaBatchContextArgs> {
  getTopic(): string {
    return this.args[0];
  }
  getPartition(): number {
    return this.args[1];
  }
  /** The raw Kafka messages, in the same order as the decoded records. */
  getMessages(): KafkaMessage[] {
    return this.args[2];
  }

  /** The log context of the record at this index of the batch. */
  recordContext(index: number): RecordLogContext {
    const message = this.args[2][index];
    const requestId = message?.headers?.[REQUEST_ID_RECORD_HEADER]?.toString();
    return {
      topic: this.args[0],
      partition: this.args[1],
      offset: message?.offset ?? '',
      ...(requestId ? { requestId } : {}),
    };
  }

  /** The headers a record derived from the one at this index carries on: its request id. */
  traceHeaders(index: number): IHeaders {
    const requestId = this.args[2][index]?.headers?.[REQUEST_ID_RECORD_HEADER];
    return requestId === undefined ? {} : { [REQUEST_ID_RECORD_HEADER]: requestId.toString() };
  }
}
