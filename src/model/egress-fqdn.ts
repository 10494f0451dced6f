import { Construct } from 'constructs';
import { freeId, registerMember } from './markers';
import { HttpMatch } from '../values/http-match';
import { Port } from '../values/port';

/** Props of an EgressFqdn. */
export interface EgressFqdnProps {
  /** DNS names or patterns: `api.stripe.com`, `*.googleapis.com` (one label), `**.example.com` (any depth). */
  readonly names: string[];
  /**
   * Ports on the external side.
   * @default [Port.HTTPS]
   */
  readonly ports?: Port[];
  /**
   * HTTP requests allowed (only for plain-HTTP egress; HTTPS is opaque to every target).
   * @default - every request
   */
  readonly http?: HttpMatch[];
}

/**
 * Egress from a tier to external services by DNS name. On Cilium this emits `toFQDNs` together
 * with the DNS-proxy rule it needs (`rules.dns`); plain NetworkPolicy cannot match names, so that
 * profile refuses it unless it accepts `Widening.FQDN_TO_PUBLIC_CIDR`.
 *
 * @example
 * new EgressFqdn(api, 'stripe', { names: ['api.stripe.com'], ports: [Port.HTTPS] });
 */
export class EgressFqdn extends Construct {
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: EgressFqdnProps;

  public constructor(scope: Construct, id: string, props: EgressFqdnProps) {
    super(scope, freeId(scope, id, 'EgressFqdn'));
    this._props = props;
    registerMember(this, 'EgressFqdn');
  }
}
