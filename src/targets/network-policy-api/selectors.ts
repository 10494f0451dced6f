import { IrGuardrailPeer, IrGuardrailSelector } from '../../ir/types';

/** A subject (or a pods peer): `namespaces` alone, or `pods` with both selectors. */
export function subjectOf(s: IrGuardrailSelector): Record<string, unknown> {
  if (s.podLabels === undefined) return { namespaces: selector(s.namespaceLabels) };
  return { pods: { namespaceSelector: selector(s.namespaceLabels), podSelector: selector(s.podLabels) } };
}

/** A peer: pods or namespaces as a subject is written, or `networks`. */
export function peerOf(p: IrGuardrailPeer): Record<string, unknown> {
  if (p.kind === 'cidr') return { networks: [p.cidr] };
  if (p.kind === 'pods') return subjectOf(p);
  // Refused by checkGuardrails (ZT393, ZT394) before anything is rendered.
  throw new Error(`internal: a ${p.kind} guardrail peer reached the network-policy-api rendering`);
}

/** `{matchLabels}` or `{}` for every object. */
function selector(labels: { readonly [key: string]: string }): Record<string, unknown> {
  return Object.keys(labels).length === 0 ? {} : { matchLabels: { ...labels } };
}
