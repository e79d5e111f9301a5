import { BaseRpcContext } from '@nestjs/microservices';
import type { KafkaMessage } from 'kafkajs';

type KafkaBatchContextArgs = [topic: string, partition: number, messages: KafkaMessage[]];

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
}
