import { isCelError } from '@bufbuild/cel';
import { compileCel, type CelProgram } from '../../../../src/validation/schema/cel/environment';

function run(expression: string, self: unknown = null): unknown {
  const program = compileCel(expression) as CelProgram;
  const result = program({ self: self as string });
  return isCelError(result) ? `error: ${result.message}` : result;
}

describe('Kubernetes CEL library', () => {
  it.each([
    ['192.168.0.1', true],
    ['2001:db8::1', true],
    ['::ffff:192.168.0.1', false],
    ['fe80::1%eth0', false],
    ['192.168.0.01', false],
    ['example.com', false],
  ])('can tell whether %s is an IP (isIP → %s)', (text, expected) => {
    expect(run('isIP(self)', text)).toBe(expected);
  });

  it.each([
    ['10.0.0.0/8', true],
    ['10.0.0.1/8', true],
    ['2001:db8::/32', true],
    ['10.0.0.0/33', false],
    ['10.0.0.0', false],
    ['::ffff:10.0.0.0/104', false],
  ])('can tell whether %s is a CIDR (isCIDR → %s)', (text, expected) => {
    expect(run('isCIDR(self)', text)).toBe(expected);
  });

  it('can parse URLs and expose their parts', () => {
    const url = 'HTTPS://auth.example.com:8443/keys/jwks.json?x=1';
    expect(run('url(self).getScheme()', url)).toBe('https');
    expect(run('url(self).getHost()', url)).toBe('auth.example.com:8443');
    expect(run('url(self).getHostname()', url)).toBe('auth.example.com');
    expect(run('url(self).getPort()', url)).toBe('8443');
    expect(run('url(self).getEscapedPath()', url)).toBe('/keys/jwks.json');
    expect(run('url(self).getHostname()', 'http://[::1]:80/')).toBe('::1');
    expect(run('url(self).getScheme()', '/just/a/path')).toBe('');
  });

  it('cannot parse what Go url.ParseRequestURI rejects', () => {
    expect(run('isURL(self)', 'https://example.com/a')).toBe(true);
    expect(run('isURL(self)', 'relative/path')).toBe(false);
    expect(run('isURL(self)', 'https://exa mple.com/')).toBe(false);
    expect(run('isURL(self)', 'https://example.com/%zz')).toBe(false);
    expect(run('url(self)', 'not a url')).toMatch(/^error: URL parse error/);
  });

  it('can use the strings extension (split, lowerAscii) and RE2 matches', () => {
    expect(run('self.split("/")[0].size() < 253', 'example.com/key')).toBe(true);
    expect(run('self.lowerAscii()', 'AbC')).toBe('abc');
    expect(run('self.matches(r"""^(?i)\\.?[a-z_]+$""")', 'Orders')).toBe(true);
  });
});
