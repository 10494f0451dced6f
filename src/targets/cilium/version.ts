/** A Cilium release line. */
export interface CiliumVersion {
  readonly major: number;
  readonly minor: number;
}

/** The first release whose CRD no longer has Kafka L7 rules (removed with proxylib). */
export const KAFKA_REMOVED_IN: CiliumVersion = { major: 1, minor: 20 };

/** The first release that reads a `**.` prefix in `matchPattern` as "any number of labels". */
export const FQDN_SUBDOMAINS_SINCE: CiliumVersion = { major: 1, minor: 19 };

/**
 * Parses `major.minor` (a leading `v` and a patch number are accepted and ignored); `undefined`
 * when the text is not a version.
 */
export function parseCiliumVersion(text: string): CiliumVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  return m === null ? undefined : { major: Number(m[1]), minor: Number(m[2]) };
}

/** True when `version` is `since` or a later release line. */
export function isAtLeast(version: CiliumVersion, since: CiliumVersion): boolean {
  return version.major !== since.major ? version.major > since.major : version.minor >= since.minor;
}

/** The `major.minor` spelling of a version. */
export function formatVersion(version: CiliumVersion): string {
  return `${version.major}.${version.minor}`;
}
