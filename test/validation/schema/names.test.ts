import {
  checkDns1123Label,
  checkDns1123Subdomain,
  checkLabelValue,
  checkPortName,
  checkQualifiedName,
} from '../../../src/validation/schema/names';

describe('Kubernetes names', () => {
  it('can check RFC 1123 labels', () => {
    expect(checkDns1123Label('shop-1')).toBeUndefined();
    expect(checkDns1123Label('a'.repeat(63))).toBeUndefined();
    expect(checkDns1123Label('a'.repeat(64))).toMatch(/63/);
    for (const bad of ['Shop', 'shop.prod', '-shop', 'shop-', '']) expect(checkDns1123Label(bad)).toBeDefined();
  });

  it('can check RFC 1123 subdomains', () => {
    expect(checkDns1123Subdomain('api.shop-1.example')).toBeUndefined();
    expect(
      checkDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`),
    ).toBeUndefined();
    expect(checkDns1123Subdomain('a'.repeat(254))).toMatch(/253/);
    for (const bad of ['API', 'a..b', 'a_b', '.a']) expect(checkDns1123Subdomain(bad)).toBeDefined();
  });

  it('can check qualified names (label and annotation keys)', () => {
    for (const good of ['app', 'app.kubernetes.io/name', 'A_b.c-D', 'x/y'])
      expect(checkQualifiedName(good)).toBeUndefined();
    expect(checkQualifiedName('/name')).toBe('prefix part must be non-empty');
    expect(checkQualifiedName('example.com/')).toBe('name part must be non-empty');
    expect(checkQualifiedName('a/b/c')).toMatch(/at most one/);
    expect(checkQualifiedName('Example.com/x')).toMatch(/^prefix part/);
    expect(checkQualifiedName('a'.repeat(64))).toMatch(/63/);
    expect(checkQualifiedName('-a')).toMatch(/alphanumeric/);
  });

  it('can check label values', () => {
    for (const good of ['', 'v1', 'a-b_c.d', 'A'.repeat(63)]) expect(checkLabelValue(good)).toBeUndefined();
    for (const bad of ['a b', '-a', 'a-', 'A'.repeat(64), 'a/b']) expect(checkLabelValue(bad)).toBeDefined();
  });

  it('can check named ports (IANA service names)', () => {
    for (const good of ['http', 'http-metrics', 'h2c', 'a1']) expect(checkPortName(good)).toBeUndefined();
    for (const bad of ['8080', 'HTTP', 'http--alt', '-http', 'http-', 'a-very-long-port-name', ''])
      expect(checkPortName(bad)).toBeDefined();
  });
});
