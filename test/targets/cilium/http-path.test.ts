import * as fc from 'fast-check';
import { escapeRegex, httpPathRegex } from '../../../src/targets/cilium/http-path';

/** Cilium (Envoy, RE2) matches the path regex against the whole path: an implicit full match. */
function fullMatch(regex: string, path: string): boolean {
  return new RegExp(`^(?:${regex})$`).test(path);
}

describe('httpPathRegex', () => {
  test('can match an exact path and nothing longer, shorter or different', () => {
    const re = httpPathRegex({ kind: 'exact', value: '/status' });
    expect(re).toBe('/status(\\?.*)?');
    expect(fullMatch(re, '/status?verbose=1')).toBe(true);
    expect(fullMatch(re, '/status/x')).toBe(false);
    expect(fullMatch(re, '/status')).toBe(true);
    expect(fullMatch(re, '/status/x')).toBe(false);
    expect(fullMatch(re, '/statusx')).toBe(false);
    expect(fullMatch(re, '/stat')).toBe(false);
  });

  test('can escape a dot so that it matches only a dot', () => {
    const re = httpPathRegex({ kind: 'exact', value: '/api/v1.0' });
    expect(re).toBe('/api/v1\\.0(\\?.*)?');
    expect(fullMatch(re, '/api/v1.0')).toBe(true);
    expect(fullMatch(re, '/api/v1x0')).toBe(false);
  });

  test('can escape every RE2 metacharacter of an exact path', () => {
    const path = '/a+b(c)[d]{e}|f^$?*\\g.h';
    const re = httpPathRegex({ kind: 'exact', value: path });
    expect(re).toBe('/a\\+b\\(c\\)\\[d\\]\\{e\\}\\|f\\^\\$\\?\\*\\\\g\\.h(\\?.*)?');
    expect(fullMatch(re, path)).toBe(true);
    expect(fullMatch(re, '/aab(c)[d]{e}|f^$?*\\g.h')).toBe(false);
  });

  test('can match a prefix followed by anything, and not a shorter or diverging path', () => {
    const re = httpPathRegex({ kind: 'prefix', value: '/api/' });
    expect(re).toBe('/api/.*');
    expect(fullMatch(re, '/api/')).toBe(true);
    expect(fullMatch(re, '/api/v1/orders')).toBe(true);
    expect(fullMatch(re, '/api')).toBe(false);
    expect(fullMatch(re, '/apix/')).toBe(false);
    expect(fullMatch(re, '/admin/api/')).toBe(false);
  });

  test('can escape a prefix before appending the wildcard', () => {
    const re = httpPathRegex({ kind: 'prefix', value: '/v1.0/' });
    expect(re).toBe('/v1\\.0/.*');
    expect(fullMatch(re, '/v1.0/x')).toBe(true);
    expect(fullMatch(re, '/v1a0/x')).toBe(false);
  });

  test('can pass a regex through unchanged', () => {
    const re = httpPathRegex({ kind: 'regex', value: '/api/v[0-9]+/.*' });
    expect(re).toBe('/api/v[0-9]+/.*');
    expect(fullMatch(re, '/api/v2/users')).toBe(true);
    expect(fullMatch(re, '/api/vx/users')).toBe(false);
  });

  test('can match a gRPC method path exactly and a gRPC service by prefix', () => {
    const method = httpPathRegex({ kind: 'exact', value: '/ledger.v1.Ledger/Append' });
    expect(method).toBe('/ledger\\.v1\\.Ledger/Append(\\?.*)?');
    expect(fullMatch(method, '/ledger.v1.Ledger/Append')).toBe(true);
    expect(fullMatch(method, '/ledgerXv1.Ledger/Append')).toBe(false);
    const service = httpPathRegex({ kind: 'prefix', value: '/ledger.v1.Query/' });
    expect(fullMatch(service, '/ledger.v1.Query/Balance')).toBe(true);
    expect(fullMatch(service, '/ledger.v1.Ledger/Append')).toBe(false);
  });

  test('can match any exact path only by itself, with or without a query string (property)', () => {
    const pathChars = fc.string().filter((p) => !p.includes('?'));
    fc.assert(
      fc.property(
        pathChars,
        fc.string({ minLength: 1 }).filter((e) => !e.startsWith('?')),
        fc.string(),
        (path, extra, query) => {
          const re = httpPathRegex({ kind: 'exact', value: path });
          expect(fullMatch(re, path)).toBe(true);
          expect(fullMatch(re, `${path}?${query}`)).toBe(true);
          expect(fullMatch(re, path + extra)).toBe(false);
        },
      ),
    );
  });

  test('can match any prefix followed by any suffix (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, rest) => {
        const re = httpPathRegex({ kind: 'prefix', value: prefix });
        expect(fullMatch(re, prefix + rest.replace(/\n/g, ''))).toBe(true);
      }),
    );
  });
});

describe('escapeRegex', () => {
  test('cannot leave a metacharacter unescaped', () => {
    expect(escapeRegex('.*+?^$()[]{}|\\')).toBe('\\.\\*\\+\\?\\^\\$\\(\\)\\[\\]\\{\\}\\|\\\\');
    expect(escapeRegex('/plain-path_1/')).toBe('/plain-path_1/');
  });
});
