import { cidrContains, formatNetwork, hasHostBits, parseCidr, parseIp } from '../../../src/validation/schema/ip';

describe('IP addresses and CIDRs', () => {
  it.each(['0.0.0.0', '255.255.255.255', '::', '::1', '2001:db8::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::ffff:1.2.3.4', '64:ff9b::1.2.3.4'])(
    'can parse %s',
    (text) => {
      expect(parseIp(text)).toBeDefined();
    },
  );

  it.each(['01.2.3.4', '256.0.0.1', '1.2.3', '1::2::3', 'fe80::1%eth0', '12345::1', ':1', '1:', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:1.2.3.4', ''])(
    'cannot parse %j',
    (text) => {
      expect(parseIp(text)).toBeUndefined();
    },
  );

  it('can tell IPv4-mapped IPv6 addresses apart', () => {
    expect(parseIp('::ffff:10.0.0.1')?.ipv4Mapped).toBe(true);
    expect(parseIp('::10.0.0.1')?.ipv4Mapped).toBe(false);
    expect(parseIp('10.0.0.1')?.ipv4Mapped).toBe(false);
  });

  it.each(['10.0.0.0/08', '10.0.0.0/33', '::/129', '10.0.0.0', '10.0.0.0/8/8', '10.0.0.0/-1'])('cannot parse %j as a CIDR', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('can detect host bits beyond the prefix and name the network', () => {
    const cidr = parseCidr('10.1.2.3/8')!;
    expect(hasHostBits(cidr)).toBe(true);
    expect(formatNetwork(cidr)).toBe('10.0.0.0/8');
    expect(hasHostBits(parseCidr('10.0.0.0/8')!)).toBe(false);
    expect(hasHostBits(parseCidr('0.0.0.0/0')!)).toBe(false);
    expect(formatNetwork(parseCidr('2001:db8:0:0:1::1/64')!)).toBe('2001:db8::/64');
    expect(formatNetwork(parseCidr('2001:0:0:1:0:0:0:1/128')!)).toBe('2001:0:0:1::1/128');
  });

  it('can decide containment by family and prefix', () => {
    const outer = parseCidr('10.0.0.0/8')!;
    expect(cidrContains(outer, parseCidr('10.255.0.0/16')!)).toBe(true);
    expect(cidrContains(outer, parseCidr('11.0.0.0/16')!)).toBe(false);
    expect(cidrContains(outer, parseCidr('0.0.0.0/0')!)).toBe(false);
    expect(cidrContains(parseCidr('::/0')!, parseCidr('10.0.0.0/8')!)).toBe(false);
    expect(cidrContains(parseCidr('2001:db8::/32')!, parseCidr('2001:db8:ffff::/48')!)).toBe(true);
  });
});
