import { parseArgs } from 'node:util';
import { Clock } from '../common/clock.js';
import { previousPeriod } from '../royalties/royalty-period.js';
import { RoyaltyStatementsService } from '../royalties/royalty-statements.service.js';
import { runCli } from './bootstrap.js';

const USAGE = `Usage: npm run royalties:run -- [--period YYYY-MM] [--json]

States a month for every creator studio (default: the month before this one, as the monthly
job on the 1st does). Safe to run again: statements already made are reported, not changed.

Examples:
  npm run royalties:run -- --period 2026-10
  npm run royalties:run -- --json
`;

let values: { period?: string; json?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      period: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (values.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) {
  process.stderr.write(`"${values.period}" is not a month; write it as YYYY-MM.\n\n${USAGE}`);
  process.exit(2);
}

await runCli(async (app) => {
  const period = values.period ?? previousPeriod(app.get(Clock).now()).id;
  process.stderr.write(`Stating ${period}…\n`);
  const result = await app.get(RoyaltyStatementsService).run(period);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const created = result.statements.filter((s) => s.outcome === 'created').length;
  const lines = result.statements.map((s) =>
    `  ${s.orgId} ${s.currency} ${s.outcome.padEnd(10)} ${s.status ?? ''} ${s.closingMinor === null ? '' : `closing ${s.closingMinor}`}`.trimEnd(),
  );
  process.stdout.write(
    `${period}: ${created} statement(s) created, ${result.statements.length - created} already there.\n${lines.join('\n')}${lines.length ? '\n' : ''}`,
  );
});
