import { capabilityTable } from '../src/targets/capability-table';

// Prints the targets × capabilities table for the README (`npm run docs:capabilities`).
process.stdout.write(`${capabilityTable()}\n`);
