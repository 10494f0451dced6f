import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { checkEnum, checkString, describeValue, throwProblems } from '../validation/input';
import { Protocol } from './protocol';

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$|^[a-z]$/;

/**
 * A destination port: a number, a range, a named container port, or every port of a protocol.
 *
 * Ports are always *pod* (target) ports, never Service ports: policies apply after the
 * Service's port translation.
 *
 * @example
 * Port.tcp(8080); Port.udp(53); Port.tcpRange(7000, 7010); Port.named('metrics'); Port.HTTPS
 */
export class Port {
  /** TCP 80. */
  public static readonly HTTP = Port.tcp(80);
  /** TCP 443. */
  public static readonly HTTPS = Port.tcp(443);
  /** UDP 53. */
  public static readonly DNS_UDP = Port.udp(53);
  /** TCP 53. */
  public static readonly DNS_TCP = Port.tcp(53);

  /** A single TCP port. */
  public static tcp(port: number): Port {
    return new Port(Protocol.TCP, checkNumber(port));
  }

  /** A single UDP port. */
  public static udp(port: number): Port {
    return new Port(Protocol.UDP, checkNumber(port));
  }

  /** A single SCTP port. */
  public static sctp(port: number): Port {
    return new Port(Protocol.SCTP, checkNumber(port));
  }

  /**
   * An inclusive TCP port range.
   * @param first the first port of the range
   * @param last the last port of the range (at least `first`)
   */
  public static tcpRange(first: number, last: number): Port {
    return Port.range(Protocol.TCP, first, last);
  }

  /**
   * An inclusive UDP port range.
   * @param first the first port of the range
   * @param last the last port of the range (at least `first`)
   */
  public static udpRange(first: number, last: number): Port {
    return Port.range(Protocol.UDP, first, last);
  }

  /**
   * An inclusive port range of any protocol.
   * @param first the first port of the range
   * @param last the last port of the range (at least `first`)
   */
  public static range(protocol: Protocol, first: number, last: number): Port {
    throwProblems([checkEnum('port protocol', protocol, Protocol, 'Protocol', false)]);
    checkNumber(first);
    checkNumber(last);
    if (last < first) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_PORT_RANGE,
        `port range ${first}-${last} is reversed. Did you mean ${last}-${first}?`,
      );
    }
    return first === last ? new Port(protocol, first) : new Port(protocol, first, last);
  }

  /**
   * A named container port, resolved against the destination pod's `containerPorts[].name`.
   * Prefer numbers: a name cannot resolve for CIDR or FQDN peers, and some targets lack named ports.
   * @param name an IANA service name (at most 15 lower-case letters, digits and single hyphens)
   * @param protocol @default Protocol.TCP
   */
  public static named(name: string, protocol?: Protocol): Port {
    throwProblems([
      checkString('port name', name, 'metrics'),
      checkEnum('port protocol', protocol, Protocol, 'Protocol', true),
    ]);
    if (name.length > 15 || !IANA_SVC_NAME.test(name)) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_PORT_NAME,
        `port name '${name}' is not an IANA service name (1-15 lower-case letters, digits, single '-', at least one letter). Use a name such as 'metrics', or the port number`,
      );
    }
    return new Port(protocol ?? Protocol.TCP, undefined, undefined, name);
  }

  /** Every TCP port. */
  public static allTcp(): Port {
    return new Port(Protocol.TCP);
  }

  /** Every UDP port. */
  public static allUdp(): Port {
    return new Port(Protocol.UDP);
  }

  private constructor(
    /** The protocol. */
    public readonly protocol: Protocol,
    /** First (or only) port number; undefined for named ports and "every port". */
    public readonly startPort?: number,
    /** Last port of a range. */
    public readonly endPort?: number,
    /** Container port name. */
    public readonly name?: string,
  ) {}

  /** True when this is a single numeric port. */
  public get isSingle(): boolean {
    return this.startPort !== undefined && this.endPort === undefined;
  }

  /** Canonical text: `8080/TCP`, `7000-7010/TCP`, `metrics/TCP`, `all/UDP`. */
  public toString(): string {
    const p =
      this.name ??
      (this.startPort === undefined
        ? 'all'
        : this.endPort !== undefined
          ? `${this.startPort}-${this.endPort}`
          : `${this.startPort}`);
    return `${p}/${this.protocol}`;
  }
}

function checkNumber(port: number): number {
  if (typeof port !== 'number') {
    const hint =
      typeof port === 'string' && /^\d+$/.test(port)
        ? `Write the number: ${port}, not '${port}'`
        : 'Write an integer between 1 and 65535';
    throw new ZeroTrustError(ErrorCode.WRONG_TYPE, `port is ${describeValue(port)}, not a number. ${hint}`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_PORT,
      `port ${port} is out of range. Use an integer between 1 and 65535`,
    );
  }
  return port;
}
