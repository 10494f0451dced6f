import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { Topology } from '../../model/topology';
import { renderReport } from './render';

/**
 * Writes `<outdir>/<topology>.report.md` for every Topology in the app (`renderReport`), and
 * returns the paths written, sorted. Call it after `app.synth()`, so that nothing is written
 * when synth fails.
 *
 * @example
 * app.synth();
 * writeReports(app);
 */
export function writeReports(app: App): string[] {
  const topologies = app.node.findAll().filter((c): c is Topology => c instanceof Topology);
  fs.mkdirSync(app.outdir, { recursive: true });
  const written = topologies.map((t) => {
    const file = path.join(app.outdir, `${t.topologyName}.report.md`);
    fs.writeFileSync(file, renderReport(t));
    return file;
  });
  return written.sort();
}
