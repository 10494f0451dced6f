/**
 * Kubernetes name, label and port-name rules (k8s.io/apimachinery/pkg/util/validation).
 * Every check returns the first problem as a short sentence, or undefined when the value is valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PORT_NAME_CHARSET = /^[-a-z0-9]+$/;

/** Checks an RFC 1123 label: at most 63 lowercase alphanumerics or `-`, starting and ending alphanumeric. */
export function checkDns1123Label(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters (RFC 1123 label)';
  if (!DNS1123_LABEL.test(value)) {
    return "must be an RFC 1123 label: lowercase alphanumeric characters or '-', starting and ending with an alphanumeric character";
  }
  return undefined;
}

/** Checks an RFC 1123 subdomain: at most 253 characters, dot-separated RFC 1123 labels. */
export function checkDns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return 'must be no more than 253 characters (RFC 1123 subdomain)';
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return "must be an RFC 1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character";
  }
  return undefined;
}

/** Checks a qualified name (label or annotation key): an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export function checkQualifiedName(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return 'a qualified name may contain at most one "/"';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') return 'prefix part must be non-empty';
    const prefixProblem = checkDns1123Subdomain(prefix);
    if (prefixProblem !== undefined) return `prefix part ${prefixProblem}`;
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME_PART.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Checks a label value: empty, or at most 63 characters of `[A-Za-z0-9-_.]` starting and ending alphanumeric. */
export function checkLabelValue(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return "must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Checks an IANA service name as used for named ports: 1-15 of `[a-z0-9-]`, with a letter, no `--`, no leading or trailing `-`. */
export function checkPortName(value: string): string | undefined {
  if (value.length === 0 || value.length > 15) return 'must be 1-15 characters (IANA service name)';
  if (!PORT_NAME_CHARSET.test(value))
    return "must contain only lowercase alphanumeric characters and '-' (IANA service name)";
  if (!/[a-z]/.test(value)) return 'must contain at least one letter (IANA service name)';
  if (value.includes('--')) return 'must not contain consecutive hyphens (IANA service name)';
  if (value.startsWith('-') || value.endsWith('-')) return 'must not begin or end with a hyphen (IANA service name)';
  return undefined;
}
