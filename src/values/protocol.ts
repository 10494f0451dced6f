/** A transport protocol of a port. */
export enum Protocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP (needs CNI support; GA in Kubernetes 1.20). */
  SCTP = 'SCTP',
}
