// Prints the README's table of diagnostic codes from the one list in the core (npx tsx scripts/codes-table.ts).
import { CODES } from '../core/diagnostics';

console.log('| code | severity | meaning |\n| --- | --- | --- |');
for (const [code, info] of Object.entries(CODES)) console.log(`| \`${code}\` | ${info.severity} | ${info.summary.replace(/\|/g, '\\|')} |`);
