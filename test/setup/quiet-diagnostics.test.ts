import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { isDiagnosticLine } from './quiet-diagnostics';
import { build } from '../../examples/three-tier/main';

describe('synth warnings and widenings in the test output', () => {
  test('synth still prints them (WarningMode.PRINT): only the test output drops them', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-quiet-'));
    const write = jest.spyOn(process.stderr, 'write');
    try {
      const app = new App({ outdir });
      build(app);
      app.synth();
      const printed = write.mock.calls.map((c) => String(c[0]));
      expect(printed).toContain(
        '[cdk8s-zerotrust] widening FQDN_TO_PUBLIC_CIDR (kubernetes) at three-tier/production/backend-api/stripe: ' +
          'egress to api.stripe.com widened to every public IPv4 address on 443/TCP\n',
      );
      expect(
        printed.filter((l) => l.startsWith('[cdk8s-zerotrust] warning ZT201 at three-tier/production: ')),
      ).toHaveLength(1);
    } finally {
      write.mockRestore();
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the filter drops exactly the warning and widening lines', () => {
    expect(
      isDiagnosticLine('[cdk8s-zerotrust] widening L7_TO_L4 (kubernetes) at a/b: HTTP rules widened to L4 on 80/TCP\n'),
    ).toBe(true);
    expect(isDiagnosticLine('[cdk8s-zerotrust] warning ZT201 at a/b: namespace must carry labels\n')).toBe(true);
    expect(isDiagnosticLine('error: ZT101: something else\n')).toBe(false);
    expect(isDiagnosticLine('see [cdk8s-zerotrust] widening in the middle\n')).toBe(false);
    expect(isDiagnosticLine(Buffer.from('[cdk8s-zerotrust] widening x\n'))).toBe(false);
  });
});
