import { ErrorCode, Problem } from '../validation/codes';
import { checkEnum, checkOptionalObject, checkOptionalString, defined, describeValue } from '../validation/input';
import { PodSecurityLevel, PodSecurityProps } from './pod-security';

/** The label prefix of Pod Security admission. */
const PREFIX = 'pod-security.kubernetes.io/';

const MODES = ['enforce', 'audit', 'warn'] as const;

/** `latest`, or a Kubernetes minor release `v1.N`. */
const VERSION = /^(latest|v1\.(0|[1-9][0-9]{0,2}))$/;

/**
 * The problems of a zone's `podSecurity` as given at run time: an object, levels of
 * `PodSecurityLevel`, versions `latest` or `v1.N` each beside its level, at least one level.
 */
export function checkPodSecurity(v: unknown): Problem[] {
  if (v === undefined) return [];
  const o = checkOptionalObject('podSecurity', v);
  if (o) return [o];
  const p = v as { [k: string]: unknown };
  const out: (Problem | undefined)[] = [];
  for (const mode of MODES) {
    out.push(
      checkEnum(
        `podSecurity.${mode}`,
        p[mode],
        PodSecurityLevel as unknown as { [k: string]: string },
        'PodSecurityLevel',
        true,
      ),
    );
    const version = p[`${mode}Version`];
    if (version === undefined) continue;
    const s = checkOptionalString(`podSecurity.${mode}Version`, version, 'v1.31');
    if (s) {
      out.push(s);
    } else if (!VERSION.test(version as string)) {
      out.push({
        code: ErrorCode.INVALID_POD_SECURITY,
        message: `podSecurity.${mode}Version is ${describeValue(version)}, which is not a Pod Security Standards version. Write 'latest' or a release such as 'v1.31'`,
      });
    } else if (p[mode] === undefined) {
      out.push({
        code: ErrorCode.INVALID_POD_SECURITY,
        message: `podSecurity.${mode}Version is set without podSecurity.${mode}, so no label would use it. Set podSecurity.${mode} to a PodSecurityLevel, or remove the version`,
      });
    }
  }
  if (MODES.every((m) => p[m] === undefined)) {
    out.push({
      code: ErrorCode.INVALID_POD_SECURITY,
      message: `podSecurity sets no level, so it would emit nothing. Set enforce, audit or warn to a PodSecurityLevel, or remove podSecurity`,
    });
  }
  return defined(out);
}

/** The namespace labels of a valid `podSecurity`, keys sorted. */
export function podSecurityLabels(p: PodSecurityProps | undefined): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (!p) return out;
  for (const mode of MODES) {
    const level = p[mode];
    if (level === undefined) continue;
    out[`${PREFIX}${mode}`] = level;
    const version = p[`${mode}Version`];
    if (version !== undefined) out[`${PREFIX}${mode}-version`] = version;
  }
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}
