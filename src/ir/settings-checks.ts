import { Diagnostic, ErrorCode } from '../validation/codes';
import { portText } from './describe';
import { InputTier, InputTopology } from './input';

/** The TLS port: HTTP rules there would make a proxy parse TLS as HTTP. */
const TLS_PORT = 443;

/**
 * Checks across constructs that would otherwise be resolved silently: HTTP rules toward a port
 * that does not speak HTTP, one port listed twice in a MeshMtls, two tiers claiming one Service.
 */
export function checkSettings(input: InputTopology): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const tierByPath = new Map(input.tiers.map((t) => [t.path, t]));
  for (const e of input.edges) {
    const http = (e.http?.length ?? 0) > 0;
    const kafka = (e.kafka?.length ?? 0) > 0;
    if (!http && !kafka) continue;
    const dest = e.to.kind === 'tier' ? tierByPath.get(e.to.path) : undefined;
    if (dest && dest.protocolDeclared) {
      const mismatch = http ? dest.appProtocol === 'tcp' || dest.appProtocol === 'kafka' : dest.appProtocol !== 'kafka';
      if (mismatch) {
        const wanted = http ? 'AppProtocol.HTTP (or GRPC)' : 'AppProtocol.KAFKA';
        diags.push({
          code: ErrorCode.L7_PROTOCOL_MISMATCH,
          path: e.path,
          message: `${http ? 'HTTP' : 'Kafka'} rules toward '${dest.path}', which is declared protocol '${dest.appProtocol}': a mesh ignores such rules on non-${http ? 'HTTP' : 'Kafka'} traffic (and drops the edge) while a CNI proxy would parse the traffic anyway. Declare the tier's protocol as ${wanted}, or remove the L7 rules`,
        });
      }
    }
    if (http && (e.to.kind === 'fqdn' || e.to.kind === 'cidr' || e.to.kind === 'entity')) {
      const tls = (e.ports ?? []).filter(
        (p) => p.port !== undefined && p.port <= TLS_PORT && (p.endPort ?? p.port) >= TLS_PORT,
      );
      if (tls.length > 0) {
        diags.push({
          code: ErrorCode.HTTP_OVER_TLS,
          path: e.path,
          message: `HTTP rules on ${tls.map(portText).join(', ')}, which carries TLS: the proxy would parse the encrypted stream as HTTP and drop it. Remove the HTTP rules (names and ports still apply), or put them on the plain-HTTP port (e.g. Port.tcp(80))`,
        });
      }
    }
  }
  for (const m of input.mtls) {
    const seen = new Set<number>();
    const reported = new Set<number>();
    for (const pm of m.portModes) {
      if (seen.has(pm.port) && !reported.has(pm.port)) {
        reported.add(pm.port);
        diags.push({
          code: ErrorCode.DUPLICATE_PORT_MODE,
          path: m.path,
          message: `port ${pm.port} is listed more than once in portModes (${m.portModes
            .filter((p) => p.port === pm.port)
            .map((p) => p.mode)
            .join(', ')}). Keep one mode per port`,
        });
      }
      seen.add(pm.port);
    }
  }
  const namespaceOfZone = new Map(input.zones.map((z) => [z.path, z.namespace]));
  const services = new Map<string, InputTier>();
  for (const t of [...input.tiers].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (!t.service) continue;
    const namespace = namespaceOfZone.get(t.zonePath);
    if (namespace === undefined) continue; // ZT120
    const key = `${namespace}|${t.service.name}`;
    const prev = services.get(key);
    if (prev) {
      diags.push({
        code: ErrorCode.SHARED_SERVICE,
        path: t.path,
        message: `tier claims Service '${t.service.name}' in namespace '${namespace}', which '${prev.path}' already claims: routes and waypoints attached to it could reach only one of them. Give each tier its own Service name`,
      });
    } else services.set(key, t);
  }
  return diags;
}
