import {
  hostnameProblem,
  hostnamesIntersect,
  listenerAcceptsHostnames,
} from '../../../src/targets/gateway-api/hostname';

describe('hostname intersection', () => {
  test.each([
    ['api.example.com', 'api.example.com', true],
    ['api.example.com', 'web.example.com', false],
    ['*.example.com', 'api.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'badexample.com', false],
    ['*.example.com', '*.example.com', true],
    ['*.example.com', '*.a.example.com', true],
    ['*.example.com', '*.example.net', false],
  ])('can tell whether %s and %s intersect (%s), in either order', (a, b, expected) => {
    expect(hostnamesIntersect(a, b)).toBe(expected);
    expect(hostnamesIntersect(b, a)).toBe(expected);
  });

  test('can accept any route on a listener without hostname, and a route without hostnames on any listener', () => {
    expect(listenerAcceptsHostnames(undefined, ['a.example.com'])).toBe(true);
    expect(listenerAcceptsHostnames('a.example.com', [])).toBe(true);
    expect(listenerAcceptsHostnames('a.example.com', ['b.example.com', '*.example.com'])).toBe(true);
    expect(listenerAcceptsHostnames('a.example.com', ['b.example.com'])).toBe(false);
  });

  test('cannot accept malformed hostnames', () => {
    for (const h of ['', 'A.example.com', '10.1.2.3', 'a.*.example.com', '*', '-a.example.com', `${'a'.repeat(254)}`]) {
      expect(hostnameProblem(h)).toBeDefined();
    }
    for (const h of ['a.example.com', '*.example.com', 'localhost', 'test.test'])
      expect(hostnameProblem(h)).toBeUndefined();
  });
});
