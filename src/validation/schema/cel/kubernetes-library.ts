import { celFunc, celMethod, CelScalar, mapType, type CelFunc, type CelMap } from '@bufbuild/cel';
import { parseCidr, parseIp } from '../../ip';
import { parseRequestUri, type RequestUri } from './request-uri';

/**
 * The Kubernetes CEL library functions that the vendored CRDs' validation rules call, beyond standard CEL
 * and the strings extension: `isIP`, `isCIDR` (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go) and
 * `isURL`, `url()` with its accessors (library/urls.go).
 */

const URL_KEY_PREFIX = 'kubernetes.URL.';
const URL_FIELDS = ['scheme', 'host', 'hostname', 'port', 'escapedPath'] as const;
const URL_TYPE = mapType(CelScalar.STRING, CelScalar.STRING);

function urlValue(text: string): Map<string, string> {
  const parsed = parseRequestUri(text);
  if (parsed === undefined) throw new Error(`URL parse error during conversion from string: ${JSON.stringify(text)}`);
  return new Map(URL_FIELDS.map((field) => [`${URL_KEY_PREFIX}${field}`, parsed[field]]));
}

function urlAccessor(name: string, field: keyof RequestUri): CelFunc {
  return celMethod(name, URL_TYPE, [], CelScalar.STRING, function urlField(this: CelMap) {
    const value = this.get(`${URL_KEY_PREFIX}${field}`);
    if (typeof value !== 'string') throw new Error(`no such overload: ${name} applies to URL values only`);
    return value;
  });
}

/** The Kubernetes IP (isIP) rules: a valid address without zone and not IPv4-mapped IPv6. */
export function isKubernetesIp(text: string): boolean {
  const ip = parseIp(text);
  return ip !== undefined && !ip.ipv4Mapped;
}

/** The Kubernetes CIDR (isCIDR) rules: a valid prefix without zone and not IPv4-mapped IPv6. */
export function isKubernetesCidr(text: string): boolean {
  const cidr = parseCidr(text);
  return cidr !== undefined && !cidr.ipv4Mapped;
}

/** Functions of the Kubernetes CEL library implemented here. */
export const kubernetesLibrary: readonly CelFunc[] = [
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, isKubernetesIp),
  celFunc('isCIDR', [CelScalar.STRING], CelScalar.BOOL, isKubernetesCidr),
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (text: string) => parseRequestUri(text) !== undefined),
  celFunc('url', [CelScalar.STRING], URL_TYPE, urlValue),
  urlAccessor('getScheme', 'scheme'),
  urlAccessor('getHost', 'host'),
  urlAccessor('getHostname', 'hostname'),
  urlAccessor('getPort', 'port'),
  urlAccessor('getEscapedPath', 'escapedPath'),
];
