/**
 * Jest matchers on a topology's emitted manifests. Import once (e.g. in a setup file):
 * `import 'cdk8s-zerotrust/testing/jest';`, then
 * `expect(topology).toAllow(frontend, api, Port.tcp(8080), { profile: 'cilium' })`.
 */
import { Topology } from '../model/topology';
import { IPeer } from '../values/peer';
import { Port } from '../values/port';
import { Expectations, HttpRequestSpec } from './expectations';

/** Options of `toAllow` / `toDeny`. */
export interface ReachabilityOptions {
  /**
   * The profile to check.
   * @default - every profile of the topology must agree
   */
  readonly profile?: string;
  /**
   * An HTTP request (judged at L4 by layers that cannot see L7).
   * @default - a connection, no request
   */
  readonly request?: HttpRequestSpec;
}

declare global {
  // jest's matcher types live in the global `jest` namespace: augmenting it needs the namespace form.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /**
       * Passes when `from` may reach `to` on `port` (every declared port of the destination tier
       * when omitted) in every profile of the topology, or in `options.profile`.
       */
      toAllow(from: IPeer, to: IPeer, port?: Port, options?: ReachabilityOptions): R;
      /**
       * Passes when `from` may not reach `to` on `port` (on any declared port of the destination
       * tier when omitted) in every profile of the topology, or in `options.profile`.
       */
      toDeny(from: IPeer, to: IPeer, port?: Port, options?: ReachabilityOptions): R;
    }
  }
}

type Verb = 'allow' | 'deny';

function check(
  verb: Verb,
  received: unknown,
  from: IPeer,
  to: IPeer,
  port?: Port,
  options: ReachabilityOptions = {},
): jest.CustomMatcherResult {
  if (!(received instanceof Topology)) {
    return { pass: false, message: () => `expected a Topology, received ${String(received)}` };
  }
  const expectations = Expectations.of(received, options.profile);
  const pass =
    verb === 'allow'
      ? expectations.allows(from, to, port, options.request)
      : expectations.denies(from, to, port, options.request);
  const what =
    `${from.peerDescription} -> ${to.peerDescription}${port ? ` on ${port}` : ' on every declared port'}` +
    `${options.request ? ` (${(options.request.method ?? 'GET').toUpperCase()} ${options.request.path})` : ''}`;
  const scope = options.profile
    ? `profile ${options.profile}`
    : `every profile (${expectations.profileNames.join(', ')})`;
  return {
    pass,
    message: () =>
      `expected ${what} ${pass ? 'not ' : ''}to be ${verb === 'allow' ? 'allowed' : 'denied'} in ${scope}\n\n` +
      expectations.explain(from, to, port, options.request),
  };
}

expect.extend({
  toAllow(received: unknown, from: IPeer, to: IPeer, port?: Port, options?: ReachabilityOptions) {
    return check('allow', received, from, to, port, options);
  },
  toDeny(received: unknown, from: IPeer, to: IPeer, port?: Port, options?: ReachabilityOptions) {
    return check('deny', received, from, to, port, options);
  },
});
