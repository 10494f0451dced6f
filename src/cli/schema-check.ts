import { SchemaValidator } from '../validation/schema';
import { objectRef } from '../verify/policy-set';
import { InputDocument } from './inputs';

/** The outcome of validating documents against the vendored schemas. */
export interface SchemaCheck {
  /** One line per violation: `file: Kind ns/name: path: message`. */
  readonly violations: readonly string[];
  /** Documents with at least one violation. */
  readonly invalidDocuments: number;
  /** The documents with at least one violation, which a cluster would reject. */
  readonly invalid: readonly InputDocument[];
  /** Documents validated. */
  readonly validated: number;
  /** Documents of API groups the vendored schemas do not cover (workloads, Services ...), not validated. */
  readonly skipped: readonly InputDocument[];
}

/**
 * Validates every document whose API group the vendored schemas cover (a kind or version missing
 * from a covered group is a violation, as a typo would be). Documents of other groups (Pods,
 * Deployments, Services) are skipped and listed.
 */
export function checkSchemas(documents: readonly InputDocument[], validator: SchemaValidator): SchemaCheck {
  const groups = new Set(validator.knownKinds.map((k) => groupOf(k.split(' ')[0])));
  const violations: string[] = [];
  const skipped: InputDocument[] = [];
  let invalidDocuments = 0;
  const invalid: InputDocument[] = [];
  let validated = 0;
  for (const doc of documents) {
    const { apiVersion, kind } = doc.object;
    if (!validator.hasSchema(apiVersion, kind) && (!apiVersion.includes('/') || !groups.has(groupOf(apiVersion)))) {
      skipped.push(doc);
      continue;
    }
    validated++;
    const found = validator.validate(doc.object);
    if (found.length > 0) {
      invalidDocuments++;
      invalid.push(doc);
    }
    for (const v of found) violations.push(`${doc.file}: ${objectRef(doc.object)}: ${v.message}`);
  }
  return { violations, invalidDocuments, invalid, validated, skipped };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
