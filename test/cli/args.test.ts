import { parseArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/options';

describe('parseArgs', () => {
  test('can parse files, directories and every option, in both spellings', () => {
    expect(
      parseArgs(['verify', 'dist/', 'extra.yaml', '--probes', 's.yaml', '--profile=cilium+istio', '--mesh', 'ambient']),
    ).toEqual({
      kind: 'verify',
      paths: ['dist/', 'extra.yaml'],
      probes: 's.yaml',
      profile: 'cilium+istio',
      mesh: 'ambient',
    });
  });

  test('can take paths that look like options after --', () => {
    expect(parseArgs(['verify', '--', '--odd-name.yaml'])).toEqual({ kind: 'verify', paths: ['--odd-name.yaml'] });
  });

  test('can ask for help anywhere on the line', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['verify', 'dist/', '-h'])).toEqual({ kind: 'help' });
  });

  test.each([
    [[], /missing command: verify/],
    [['check', 'dist/'], /unknown command 'check'/],
    [['verify'], /verify needs at least one file or directory/],
    [['verify', 'dist/', '--profiles', 'cilium'], /unknown option '--profiles'/],
    [['verify', 'dist/', '--probes'], /--probes needs a value/],
    [['verify', 'dist/', '--probes', '--mesh', 'none'], /--probes needs a value/],
    [['verify', 'dist/', '--profile='], /--profile needs a value/],
    [['verify', 'dist/', '--mesh', 'istio'], /--mesh must be one of none, sidecar, ambient, not 'istio'/],
    [['verify', 'dist/', '--mesh', 'none', '--mesh', 'ambient'], /--mesh is given twice/],
  ])('throws a usage error for %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
