import { IrKafkaRule } from '../ir/types';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { checkOptionalString, checkString, throwProblems } from '../validation/input';

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

/** What an edge's Kafka rules become where no layer of a profile sees Kafka. */
export enum KafkaFallback {
  /** Nothing: such a profile refuses the edge (ZT118), unless it accepts `Widening.L7_TO_L4`. */
  NONE = 'NONE',
  /**
   * The edge's ports are opened at L4 (every Kafka request) there, and the use is reported (kind
   * `FALLBACK`). Where a layer sees Kafka (Cilium before 1.20), the ACLs are enforced as written.
   */
  L4 = 'L4',
}

/**
 * A Kafka ACL on a topic: produce or consume. Only Cilium before 1.20 can enforce Kafka at L7
 * (the field was removed in 1.20); other profiles refuse it at synth.
 */
export class KafkaMatch {
  /** May produce to the topic. */
  public static produce(topic: string, clientId?: string): KafkaMatch {
    return new KafkaMatch({ role: 'produce', topic: check(topic), ...(checkClient(clientId) ? { clientId } : {}) });
  }

  /** May consume from the topic. */
  public static consume(topic: string, clientId?: string): KafkaMatch {
    return new KafkaMatch({ role: 'consume', topic: check(topic), ...(checkClient(clientId) ? { clientId } : {}) });
  }

  private constructor(/** @internal */ public readonly _ir: IrKafkaRule) {}

  /** Canonical text: `produce orders`. */
  public toString(): string {
    return `${this._ir.role} ${this._ir.topic}`;
  }
}

function checkClient(clientId: string | undefined): boolean {
  throwProblems([checkOptionalString('Kafka client id', clientId, 'orders-service')]);
  if (clientId !== undefined && !/^[a-zA-Z0-9._-]{1,255}$/.test(clientId)) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `Kafka client id '${clientId}' is invalid. Use 1-255 characters of [a-zA-Z0-9._-], or leave it out`,
    );
  }
  return clientId !== undefined;
}

function check(topic: string): string {
  throwProblems([checkString('Kafka topic', topic, 'orders')]);
  if (!TOPIC.test(topic) || topic === '.' || topic === '..') {
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `Kafka topic '${topic}' is invalid. Use 1-249 characters of [a-zA-Z0-9._-], e.g. 'orders'`,
    );
  }
  return topic;
}
