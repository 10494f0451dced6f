import { IrIndex } from '../../ir/query';
import { IrBackend, IrGateway, IrRoute, IrTopology, IrWorkload } from '../../ir/types';

/** Lookups a route needs to resolve its parent and backends: gateways by id, workloads by id. */
export class RouteIndex {
  private readonly gateways = new Map<string, IrGateway>();
  private readonly workloads: IrIndex;

  public constructor(ir: IrTopology) {
    for (const g of ir.gateways) this.gateways.set(g.id, g);
    this.workloads = new IrIndex(ir);
  }

  /** The gateway with this id, or undefined when the IR has none. */
  public findGateway(id: string): IrGateway | undefined {
    return this.gateways.get(id);
  }

  /** The gateway with this id; throws on a dangling reference. */
  public gateway(id: string): IrGateway {
    const g = this.gateways.get(id);
    if (!g) throw new Error(`IR invariant broken: unknown gateway '${id}'`);
    return g;
  }

  /** The workload with this id; throws on a dangling reference (an IR invariant). */
  public workload(id: string): IrWorkload {
    return this.workloads.workload(id);
  }

  /** The namespace of a backend's Service (the namespace of its workload). */
  public backendNamespace(backend: IrBackend): string {
    return this.workload(backend.workload).namespace;
  }

  /** The namespace of a route's parent: the gateway's, or the parent Service's workload's. */
  public parentNamespace(route: IrRoute): string {
    const parent = route.parent;
    return parent.kind === 'Gateway'
      ? this.gateway(parent.gateway).namespace
      : this.workload(parent.workload).namespace;
  }
}
