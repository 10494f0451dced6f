import { App } from 'cdk8s';
import { writeReports } from '../src/testing';
import * as ambientWaypoint from './ambient-waypoint/main';
import * as guardrails from './guardrails/main';
import * as threeTier from './three-tier/main';
import * as threeTierLinkerd from './three-tier-linkerd/main';
import * as zonesLab from './zones-lab/main';

/**
 * Every example, in one app: `cdk8s synth` writes them all to dist/ (three-tier is the default),
 * then one `<topology>.report.md` per topology (written only when synth succeeds).
 */
export const EXAMPLES = {
  'three-tier': threeTier.build,
  'zones-lab': zonesLab.build,
  'ambient-waypoint': ambientWaypoint.build,
  guardrails: guardrails.build,
  'three-tier-linkerd': threeTierLinkerd.build,
};

if (require.main === module) {
  const app = new App();
  for (const build of Object.values(EXAMPLES)) build(app);
  app.synth();
  writeReports(app);
}
