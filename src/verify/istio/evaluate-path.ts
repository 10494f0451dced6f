import { Finding, HttpRequest } from '../cluster';
import { authorize } from './authorize';
import { AppProtocol } from './destination-port';
import { EnforcementPath } from './enforcement-path';
import { Visibility } from './visibility';

/** The traffic sent along an enforcement path. */
export interface PathTraffic {
  readonly port: number;
  readonly protocol: AppProtocol;
  readonly destinationIp?: string;
  /** An HTTP request, or `undefined` for a raw TCP connection. */
  readonly request?: HttpRequest;
}

/** Whether every hop of the path lets the traffic through. */
export interface PathOutcome {
  readonly allowed: boolean;
  readonly findings: readonly Finding[];
}

/**
 * Runs the traffic through every hop, stopping at the first that rejects it. At each hop,
 * PeerAuthentication comes first (STRICT rejects plaintext), then the AuthorizationPolicies. A
 * sidecar or waypoint sees HTTP attributes when there is a request on a port that is not
 * declared TCP; ztunnel never does.
 */
export function evaluatePath(path: EnforcementPath, traffic: PathTraffic): PathOutcome {
  const findings: Finding[] = [];
  for (const hop of path.hops) {
    if (hop.mtls) {
      findings.push(...hop.mtls.findings);
      if (hop.mtls.mode === 'STRICT' && !hop.peer.mtls) {
        findings.push({
          layer: 'istio',
          ...(hop.mtls.decidedBy ? { object: hop.mtls.decidedBy } : {}),
          message: `STRICT mTLS rejects plaintext from ${hop.peer.label} at ${hop.point}`,
        });
        return { allowed: false, findings };
      }
    }
    const visibility: Visibility =
      hop.proxy === 'ztunnel' ? 'ztunnel' : traffic.request && traffic.protocol !== 'tcp' ? 'http' : 'tcp';
    const outcome = authorize(hop.policies, {
      point: hop.point,
      visibility,
      peer: hop.peer,
      port: hop.port ?? traffic.port,
      ...(traffic.destinationIp !== undefined && hop.seesPodAddress ? { destinationIp: traffic.destinationIp } : {}),
      ...(traffic.request ? { request: traffic.request } : {}),
    });
    findings.push(...outcome.findings);
    if (!outcome.allowed) return { allowed: false, findings };
  }
  return { allowed: true, findings };
}
