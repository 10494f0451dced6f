import { checkCidr, cidrContains, formatNetwork, hasHostBits, parseCidr, parseIp } from '../../src/validation/ip';

describe('IP addresses and CIDRs', () => {
  it.each([
    '0.0.0.0',
    '255.255.255.255',
    '::',
    '::1',
    '2001:db8::1',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7::',
    '::ffff:1.2.3.4',
    '64:ff9b::1.2.3.4',
  ])('can parse %s', (text) => {
    expect(parseIp(text)).toBeDefined();
  });

  it.each([
    '01.2.3.4',
    '256.0.0.1',
    '1.2.3',
    '1::2::3',
    'fe80::1%eth0',
    '12345::1',
    ':1',
    '1:',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:1.2.3.4',
    '',
  ])('cannot parse %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('can tell IPv4-mapped IPv6 addresses apart', () => {
    expect(parseIp('::ffff:10.0.0.1')?.ipv4Mapped).toBe(true);
    expect(parseIp('::10.0.0.1')?.ipv4Mapped).toBe(false);
    expect(parseIp('10.0.0.1')?.ipv4Mapped).toBe(false);
  });

  it.each(['10.0.0.0/08', '10.0.0.0/33', '::/129', '10.0.0.0', '10.0.0.0/8/8', '10.0.0.0/-1'])(
    'cannot parse %j as a CIDR',
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );

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

describe('checkCidr (value factories)', () => {
  test('can take a canonical CIDR of either family', () => {
    expect(checkCidr('10.0.0.0/8')).toMatchObject({ family: 4, prefix: 8 });
    expect(checkCidr('fd00::/8')).toMatchObject({ family: 6, prefix: 8 });
    expect(checkCidr('::ffff:10.0.0.0/104')).toMatchObject({ family: 6, prefix: 104 });
  });

  test('cannot take host bits, a missing prefix, a leading zero or a prefix too long, and says how to fix it', () => {
    expect(checkCidr('10.0.0.1/8')).toBe(
      "'10.0.0.1/8' has host bits set beyond the prefix. Did you mean '10.0.0.0/8'?",
    );
    expect(checkCidr('10.0.0.1')).toBe(
      "'10.0.0.1' is not in CIDR notation (address/prefix). Did you mean '10.0.0.1/32'?",
    );
    expect(checkCidr('10.0.0.0/08')).toBe('prefix /08 has a leading zero. Write /8');
    expect(checkCidr('10.0.0.0/33')).toBe('prefix /33 is longer than 32 bits. Use a prefix length between 0 and 32');
    expect(checkCidr('10.0.0.256/32')).toBe(
      "'10.0.0.256' is not a valid IP address. Write four numbers 0-255 (e.g. '10.0.0.0/8') or an IPv6 address (e.g. 'fd00::/8')",
    );
  });
});
