import { escapeCelPropertyName } from '../../../../src/validation/schema/cel/cel-value';

describe('CEL property name escaping', () => {
  it.each([
    ['name', 'name'],
    ['namespace', '__namespace__'],
    ['in', '__in__'],
    ['dash-name', 'dash__dash__name'],
    ['a.b', 'a__dot__b'],
    ['a/b', 'a__slash__b'],
    ['a__b', 'a__underscores__b'],
    ['_x', '_x'],
  ])('can escape %s as %s', (name, escaped) => {
    expect(escapeCelPropertyName(name)).toBe(escaped);
  });

  it.each(['1abc', 'a b', 'a:b', ''])('cannot address %j from CEL', (name) => {
    expect(escapeCelPropertyName(name)).toBeUndefined();
  });
});
