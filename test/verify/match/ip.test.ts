import {
  cidrContains,
  cidrCovers,
  coversEveryPublicAddress,
  isPublicIp,
  parseCidr,
  parseIp,
} from '../../../src/verify/match/ip';

const ip = (t: string): NonNullable<ReturnType<typeof parseIp>> =>
  parseIp(t) as NonNullable<ReturnType<typeof parseIp>>;
const cidr = (t: string): NonNullable<ReturnType<typeof parseCidr>> =>
  parseCidr(t) as NonNullable<ReturnType<typeof parseCidr>>;

describe('IP addresses and CIDR blocks', () => {
  test('can parse IPv4 and every IPv6 spelling to the same integers', () => {
    expect(ip('10.0.0.1').value).toBe(0x0a000001n);
    expect(ip('2001:db8::1').value).toBe(ip('2001:0db8:0000:0000:0000:0000:0000:0001').value);
    expect(ip('::ffff:10.0.0.1').value).toBe(0xffff0a000001n);
    expect(ip('::').value).toBe(0n);
  });

  test('cannot parse malformed addresses or prefixes', () => {
    for (const bad of ['10.0.0', '10.0.0.256', '1::2::3', '2001:db8:::1', 'g::1', '1:2:3:4:5:6:7:8:9'])
      expect(parseIp(bad)).toBeUndefined();
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/x', '10.0.0.0/8/1']) expect(parseCidr(bad)).toBeUndefined();
  });

  test('can test containment, clearing host bits beyond the prefix', () => {
    expect(cidrContains(cidr('10.1.2.3/8'), ip('10.200.0.1'))).toBe(true);
    expect(cidrContains(cidr('10.0.0.0/8'), ip('11.0.0.1'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), ip('::1'))).toBe(false);
    expect(cidrContains(cidr('2001:db8::/32'), ip('2001:db8:ffff::1'))).toBe(true);
    expect(cidrCovers(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrCovers(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
  });

  test('can tell public addresses from special-purpose ones', () => {
    expect(isPublicIp(ip('8.8.8.8'))).toBe(true);
    expect(isPublicIp(ip('192.168.1.1'))).toBe(false);
    expect(isPublicIp(ip('169.254.7.127'))).toBe(false);
    expect(isPublicIp(ip('fd00::1'))).toBe(false);
    expect(isPublicIp(ip('2606:4700::1111'))).toBe(true);
  });

  test('can decide whether a block holds every public address, merging adjacent special ranges', () => {
    expect(coversEveryPublicAddress(cidr('0.0.0.0/0'), [])).toBe(true);
    expect(coversEveryPublicAddress(cidr('0.0.0.0/0'), [cidr('10.0.0.0/8'), cidr('224.0.0.0/3')])).toBe(true);
    expect(coversEveryPublicAddress(cidr('0.0.0.0/0'), [cidr('8.8.8.8/32')])).toBe(false);
    expect(coversEveryPublicAddress(cidr('0.0.0.0/1'), [])).toBe(false);
    expect(coversEveryPublicAddress(cidr('::/0'), [cidr('fc00::/7')])).toBe(true);
  });
});
