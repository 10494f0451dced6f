import { ipInBlock } from '../../../src/verify/istio/ip-match';

describe('IP blocks', () => {
  test('can match single addresses and IPv4 CIDRs', () => {
    expect(ipInBlock('10.1.2.3', '10.1.2.3')).toBe(true);
    expect(ipInBlock('10.1.2.4', '10.1.2.3')).toBe(false);
    expect(ipInBlock('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipInBlock('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(ipInBlock('192.168.1.1', '0.0.0.0/0')).toBe(true);
  });

  test('can match IPv6 CIDRs and never mixes families', () => {
    expect(ipInBlock('2001:db8::1', '2001:db8::/32')).toBe(true);
    expect(ipInBlock('2001:db9::1', '2001:db8::/32')).toBe(false);
    expect(ipInBlock('10.0.0.1', '::/0')).toBe(false);
  });

  test('cannot match malformed input', () => {
    expect(ipInBlock('10.0.0.256', '10.0.0.0/8')).toBe(false);
    expect(ipInBlock('10.0.0.1', '10.0.0.0/33')).toBe(false);
    expect(ipInBlock('not-an-ip', '10.0.0.0/8')).toBe(false);
  });
});
