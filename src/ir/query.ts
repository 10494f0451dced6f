import { IrPeer, IrRule, IrTopology, IrWorkload, IrZone } from './types';

/**
 * Read-only lookups over a compiled topology, shared by every target. Built once per IR; each
 * lookup is O(1) or a pre-grouped list, so rendering stays linear in the number of rules.
 */
export class IrIndex {
  private readonly workloads = new Map<string, IrWorkload>();
  private readonly zones = new Map<string, IrZone>();
  private readonly inbound = new Map<string, IrRule[]>();
  private readonly outbound = new Map<string, IrRule[]>();

  public constructor(public readonly ir: IrTopology) {
    for (const z of ir.zones) this.zones.set(z.id, z);
    for (const w of ir.workloads) {
      this.workloads.set(w.id, w);
      this.inbound.set(w.id, []);
      this.outbound.set(w.id, []);
    }
    for (const r of ir.rules) {
      if (r.to.kind === 'workload') this.inbound.get(r.to.workload)?.push(r);
      if (r.from.kind === 'workload') this.outbound.get(r.from.workload)?.push(r);
    }
  }

  /** The workload with this id; throws on a dangling reference (an IR invariant). */
  public workload(id: string): IrWorkload {
    const w = this.workloads.get(id);
    if (!w) throw new Error(`IR invariant broken: unknown workload '${id}'`);
    return w;
  }

  /** The zone with this id; throws on a dangling reference (an IR invariant). */
  public zone(id: string): IrZone {
    const z = this.zones.get(id);
    if (!z) throw new Error(`IR invariant broken: unknown zone '${id}'`);
    return z;
  }

  /** The zone of a workload. */
  public zoneOf(w: IrWorkload): IrZone {
    return this.zone(w.zone);
  }

  /**
   * Rules a workload's ingress must allow: those whose destination is the workload, when its
   * zone denies ingress (an open direction needs no allow: it already allows everything).
   */
  public ingressRules(w: IrWorkload): readonly IrRule[] {
    return this.zoneOf(w).denyIngress ? (this.inbound.get(w.id) ?? []) : [];
  }

  /** Rules a workload's egress must allow, when its zone denies egress. */
  public egressRules(w: IrWorkload): readonly IrRule[] {
    return this.zoneOf(w).denyEgress ? (this.outbound.get(w.id) ?? []) : [];
  }

  /** The workload a peer names, if it names one. */
  public peerWorkload(p: IrPeer): IrWorkload | undefined {
    return p.kind === 'workload' ? this.workload(p.workload) : undefined;
  }
}
