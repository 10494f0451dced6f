import { IrL7 } from '../../ir/types';
import { L7Rules } from './cnp';
import { httpRule } from './http';
import { kafkaRule } from './kafka';

/** The `rules` of a port rule for an IR L7 restriction: a request is allowed when any entry matches. */
export function l7Rules(l7: IrL7): L7Rules {
  if (l7.rules.length === 0) throw new Error(`IR invariant broken: a ${l7.kind} L7 restriction without rules`);
  return l7.kind === 'http' ? { http: l7.rules.map(httpRule) } : { kafka: l7.rules.map(kafkaRule) };
}
