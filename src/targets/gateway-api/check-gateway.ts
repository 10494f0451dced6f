import { IrGateway, IrListener } from '../../ir/types';
import { TargetDiagnostic } from '../target';
import { gatewayDiagnostic, GatewayApiCode } from './diagnostics';
import { hostnameProblem } from './hostname';
import { CRD_LIMITS } from './limits';
import { repeated } from './lists';

/** The CRD pattern of a listener name (a DNS-1123 subdomain). */
const LISTENER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Problems of one gateway: listener count, names, (port, protocol, hostname) clashes (each a CEL
 * rule of the Gateway CRD), malformed ports and hostnames, and TLS certificates that HTTPS
 * listeners need and HTTP listeners must not carry.
 */
export function checkGateway(gateway: IrGateway): TargetDiagnostic[] {
  const out: TargetDiagnostic[] = [];
  const report = (code: GatewayApiCode, message: string): void => {
    out.push(gatewayDiagnostic(gateway, code, message));
  };
  const { listeners } = gateway;
  if (listeners.length === 0) {
    report(GatewayApiCode.GATEWAY_LISTENERS, 'has no listener. Add at least one HTTP or HTTPS listener.');
  }
  if (listeners.length > CRD_LIMITS.listeners) {
    report(
      GatewayApiCode.GATEWAY_LISTENERS,
      `has ${listeners.length} listeners, more than the ${CRD_LIMITS.listeners} a Gateway may hold. ` +
        'Split it into several gateways.',
    );
  }
  for (const name of repeated(listeners.map((l) => l.name))) {
    report(
      GatewayApiCode.GATEWAY_LISTENERS,
      `has more than one listener named '${name}'. Give each listener a unique name.`,
    );
  }
  for (const key of repeated(listeners.map(distinctKey))) {
    report(
      GatewayApiCode.GATEWAY_LISTENERS,
      `has more than one listener on ${key}, so no request can be assigned to exactly one of them. ` +
        'Give each listener sharing a port and protocol a different hostname.',
    );
  }
  for (const listener of listeners) out.push(...checkListener(gateway, listener));
  return out;
}

function checkListener(gateway: IrGateway, listener: IrListener): TargetDiagnostic[] {
  const out: TargetDiagnostic[] = [];
  const at = `listener '${listener.name}'`;
  const report = (code: GatewayApiCode, message: string): void => {
    out.push(gatewayDiagnostic(gateway, code, `${at} ${message}`));
  };
  if (!LISTENER_NAME.test(listener.name) || listener.name.length > 253) {
    report(
      GatewayApiCode.GATEWAY_LISTENERS,
      "has an invalid name. Use lower-case alphanumerics, '-' and '.', starting and ending with an alphanumeric.",
    );
  }
  if (!Number.isInteger(listener.port) || listener.port < 1 || listener.port > 65535) {
    report(GatewayApiCode.GATEWAY_LISTENERS, `has port ${listener.port}. Use a port from 1 to 65535.`);
  }
  const hostname = listener.hostname === undefined ? undefined : hostnameProblem(listener.hostname);
  if (hostname !== undefined) report(GatewayApiCode.GATEWAY_LISTENERS, `has ${hostname}. Fix the hostname or omit it.`);
  const secrets = listener.certificateSecrets.length;
  if (listener.protocol === 'HTTPS' && secrets === 0) {
    report(
      GatewayApiCode.GATEWAY_TLS,
      'is HTTPS but names no certificate Secret, so it cannot terminate TLS. Name the TLS Secret(s) of the listener.',
    );
  }
  if (listener.protocol === 'HTTP' && secrets > 0) {
    report(
      GatewayApiCode.GATEWAY_TLS,
      'is plain HTTP but names certificate Secrets, which the Gateway CRD forbids. Make it HTTPS or drop the certificates.',
    );
  }
  if (secrets > CRD_LIMITS.certificateRefs) {
    report(
      GatewayApiCode.GATEWAY_TLS,
      `names ${secrets} certificate Secrets, more than the ${CRD_LIMITS.certificateRefs} allowed. Combine certificates.`,
    );
  }
  return out;
}

/** What makes listeners distinct: port, protocol and hostname (absent counts as one value). */
function distinctKey(l: IrListener): string {
  return `port ${l.port}/${l.protocol} with ${l.hostname === undefined ? 'no hostname' : `hostname '${l.hostname}'`}`;
}
