import { parseArgs } from 'node:util';
import { ensureOperator } from '../seed/operators.js';
import { runCli } from './bootstrap.js';

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
});
if (!values.email) {
  process.stderr.write(
    'Usage: npm run operator:create -- --email ops@example.com [--name "Ops"] [--password …]\n',
  );
  process.exit(2);
}

await runCli(async (app) => {
  const result = await ensureOperator(app, {
    email: values.email!,
    name: values.name ?? 'Operator',
    password: values.password ?? process.env.OPERATOR_PASSWORD,
  });
  process.stdout.write(
    result.created
      ? `Operator ${result.email} created.${result.password && !values.password ? ` Password: ${result.password}` : ''}\n`
      : `${result.email} already existed; it is now an operator.\n`,
  );
});
