import { ErrorCode, Problem } from './codes';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Returns the problem when `name` is not an RFC 1123 label (namespaces, most object names), else undefined. */
export function checkDnsLabel(what: string, name: string): Problem | undefined {
  if (name.length === 0)
    return problem(ErrorCode.INVALID_NAME, `${what} is empty. Give a lower-case DNS-1123 label such as 'backend-api'`);
  if (name.length > 63 || !DNS1123_LABEL.test(name)) {
    return problem(
      ErrorCode.INVALID_NAME,
      `${what} '${name}' is not a DNS-1123 label (lower-case letters, digits and '-', at most 63, starting and ending alphanumeric). Try '${suggestDnsLabel(name)}'`,
    );
  }
  return undefined;
}

/** Returns the problem when `name` is not an RFC 1123 subdomain, else undefined. */
export function checkDnsSubdomain(what: string, name: string): Problem | undefined {
  if (name.length === 0 || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return problem(
      ErrorCode.INVALID_NAME,
      `${what} '${name}' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253). Try '${suggestDnsLabel(name)}'`,
    );
  }
  return undefined;
}

/** Turns anything into a plausible DNS-1123 label, for hints and derived names. */
export function suggestDnsLabel(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s.length > 0 ? s : 'x';
}

/** Returns the problem of an invalid label key, else undefined. */
export function checkLabelKey(key: string): Problem | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const bad = (why: string) => problem(ErrorCode.INVALID_LABEL, `label key '${key}' ${why}`);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return bad("has an invalid prefix. Use a lower-case DNS subdomain such as 'example.com/'");
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return bad(
      "is invalid. Use 1-63 characters of [A-Za-z0-9-_.] for the name part, starting and ending alphanumeric, e.g. 'app'",
    );
  }
  return undefined;
}

/** Returns the problem of an invalid label value, else undefined. */
export function checkLabelValue(key: string, value: string): Problem | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return problem(
      ErrorCode.INVALID_LABEL,
      `label value '${value}' (key '${key}') is invalid. Use at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric`,
    );
  }
  return undefined;
}

/** Checks every key and value of a label map; one message per problem. */
export function checkLabels(labels: { readonly [key: string]: string }): Problem[] {
  const out: Problem[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const ek = checkLabelKey(k);
    if (ek) out.push(ek);
    const ev = checkLabelValue(k, v);
    if (ev) out.push(ev);
  }
  return out;
}

function problem(code: string, message: string): Problem {
  return { code, message };
}
