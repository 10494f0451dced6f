import { isAtLeast, parseCiliumVersion } from '../../../src/targets/cilium/version';

describe('Cilium versions', () => {
  test('can parse major.minor, with an optional v and patch', () => {
    expect(parseCiliumVersion('1.19')).toEqual({ major: 1, minor: 19 });
    expect(parseCiliumVersion('v1.20.1')).toEqual({ major: 1, minor: 20 });
  });

  test('cannot parse anything else', () => {
    for (const text of ['', '1', 'latest', '1.x', '1.19.3.4']) expect(parseCiliumVersion(text)).toBeUndefined();
  });

  test('can compare minor versions numerically, not as text', () => {
    expect(isAtLeast({ major: 1, minor: 20 }, { major: 1, minor: 19 })).toBe(true);
    expect(isAtLeast({ major: 1, minor: 19 }, { major: 1, minor: 19 })).toBe(true);
    expect(isAtLeast({ major: 1, minor: 9 }, { major: 1, minor: 19 })).toBe(false);
    expect(isAtLeast({ major: 2, minor: 0 }, { major: 1, minor: 20 })).toBe(true);
    expect(isAtLeast({ major: 0, minor: 99 }, { major: 1, minor: 19 })).toBe(false);
  });
});
