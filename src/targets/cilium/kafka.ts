import { IrKafkaRule } from '../../ir/types';
import { PortRuleKafka } from './cnp';

/** One IR Kafka ACL as a Cilium `rules.kafka` entry (`role`, `topic`, optional `clientID`). */
export function kafkaRule(rule: IrKafkaRule): PortRuleKafka {
  return rule.clientId === undefined
    ? { role: rule.role, topic: rule.topic }
    : { role: rule.role, topic: rule.topic, clientID: rule.clientId };
}
