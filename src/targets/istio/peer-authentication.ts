import { IrIndex } from '../../ir/query';
import { IrLabels, IrMtls } from '../../ir/types';
import {
  peerAuthentication,
  PeerAuthenticationManifest,
  PeerAuthenticationSpec,
  WorkloadSelector,
  workloadSelector,
} from './manifests';

/**
 * The selector of an mTLS setting: the workload's labels for a workload-level setting, the
 * zone's pod labels for a zone narrowed by labels, none for a whole namespace.
 */
export function mtlsSelector(mtls: IrMtls, index: IrIndex): WorkloadSelector | undefined {
  const where = `mTLS '${mtls.id}'`;
  if (mtls.workload !== undefined) return workloadSelector(index.workload(mtls.workload).selector, where);
  const zone = index.zone(mtls.zone);
  return Object.keys(zone.podSelector).length === 0 ? undefined : workloadSelector(zone.podSelector, where);
}

/**
 * The PeerAuthentication of one mTLS setting, `<mtls.name>`: namespace-wide without a selector,
 * otherwise selecting the workload (or the zone's pods). `portLevelMtls` is keyed by workload
 * (container) port and written only with a selector: Istio ignores it otherwise, and the CRD
 * rejects it (B3.9). Throws on port modes without a selector rather than dropping them.
 *
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export function renderPeerAuthentication(mtls: IrMtls, index: IrIndex, labels: IrLabels): PeerAuthenticationManifest {
  const selector = mtlsSelector(mtls, index);
  if (mtls.portModes.length > 0 && selector === undefined) {
    throw new Error(`IR invariant broken: mTLS '${mtls.id}': port-level modes need a workload selector`);
  }
  const portLevelMtls: { [port: string]: { mode: IrMtls['mode'] } } = {};
  for (const p of [...mtls.portModes].sort((a, b) => a.port - b.port)) portLevelMtls[String(p.port)] = { mode: p.mode };
  const spec: PeerAuthenticationSpec = {
    ...(selector === undefined ? {} : { selector }),
    mtls: { mode: mtls.mode },
    ...(mtls.portModes.length === 0 ? {} : { portLevelMtls }),
  };
  return peerAuthentication(mtls.name, mtls.namespace, labels, spec);
}
