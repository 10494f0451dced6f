import { canonicalJson } from '../../src/model/canonical-json';

describe('canonicalJson', () => {
  test('can sort object keys at every depth and drop null and undefined members', () => {
    const out = canonicalJson({ b: 1, a: { d: null, c: [{ z: 1, y: undefined, x: 'x' }] }, e: undefined });
    expect(JSON.stringify(out)).toBe('{"a":{"c":[{"x":"x","z":1}]},"b":1}');
  });

  test('can keep empty objects and arrays, or drop them (recursively) with dropEmpty', () => {
    const value = { labels: {}, list: [], nested: { empty: {} }, name: 'n' };
    expect(JSON.stringify(canonicalJson(value))).toBe('{"labels":{},"list":[],"name":"n","nested":{"empty":{}}}');
    expect(JSON.stringify(canonicalJson(value, { dropEmpty: true }))).toBe('{"name":"n"}');
  });

  test('can copy, never share, the objects it is given', () => {
    const value = { spec: { ports: [{ port: 80 }] } };
    const out = canonicalJson(value) as typeof value;
    out.spec.ports[0].port = 81;
    expect(value.spec.ports[0].port).toBe(80);
  });

  test('throws on an object that is not plain data, as cdk8s does', () => {
    expect(() => canonicalJson({ when: new Date(0) })).toThrow("can't render non-simple object of type 'Date'");
  });
});
