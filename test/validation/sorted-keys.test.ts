import * as fc from 'fast-check';
import { sortedKeys } from '../../src/validation/sorted-keys';

describe('sortedKeys', () => {
  test('can order keys as Array.prototype.sort does, for small and large objects', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.integer(), { maxKeys: 40 }), (value) => {
        expect(sortedKeys(value)).toEqual(Object.keys(value).sort());
      }),
    );
  });

  test('can order label keys by UTF-16 code units (upper case before lower case, prefixes first)', () => {
    expect(sortedKeys({ app: '1', App: '2', 'app.kubernetes.io/name': '3', a: '4', é: '5' })).toEqual([
      'App',
      'a',
      'app',
      'app.kubernetes.io/name',
      'é',
    ]);
  });
});
