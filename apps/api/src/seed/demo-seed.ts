import type { INestApplicationContext } from '@nestjs/common';
import type { OrgKindType } from '@clearframe/contracts/accounts';
import { PasswordHasher } from '../accounts/password-hasher.js';
import { UsersService } from '../accounts/users.service.js';
import { Clock } from '../common/clock.js';
import { CreatorWorkService } from '../models/creator-work.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { ensureOperator } from './operators.js';

/** Shared by every demo login so a person trying the product locally has one thing to remember. */
export const DEMO_PASSWORD = 'clearframe-demo-2026';

export interface DemoLogin {
  email: string;
  password: string;
  org: string;
  kind: OrgKindType;
}

const DEMO_ACCOUNTS: { email: string; name: string; org: string; kind: 'creator' | 'lab' }[] = [
  {
    email: 'maya@northlight.example',
    name: 'Maya Okafor',
    org: 'Northlight Studio',
    kind: 'creator',
  },
  { email: 'jon@driftwood.example', name: 'Jon Alvarez', org: 'Driftwood Films', kind: 'creator' },
  { email: 'ada@perceptron.example', name: 'Ada Lindqvist', org: 'Perceptron Labs', kind: 'lab' },
  { email: 'lee@openmotion.example', name: 'Lee Tanaka', org: 'Open Motion Research', kind: 'lab' },
];

/**
 * Seeds an operator, two creator studios and two labs on an empty database, and returns the
 * logins to print. Running it again changes nothing. Never called in production (config refuses).
 */
export async function seedDemo(
  app: INestApplicationContext,
): Promise<{ seeded: boolean; logins: DemoLogin[] }> {
  const logins: DemoLogin[] = [
    {
      email: 'operator@clearframe.example',
      password: DEMO_PASSWORD,
      org: 'Clearframe Operations',
      kind: 'operator',
    },
    ...DEMO_ACCOUNTS.map((account) => ({
      email: account.email,
      password: DEMO_PASSWORD,
      org: account.org,
      kind: account.kind,
    })),
  ];
  const users = app.get(UsersService);
  if (await users.anyExist()) {
    await showFirstStudioPublicly(app);
    return { seeded: false, logins };
  }

  await ensureOperator(app, {
    email: 'operator@clearframe.example',
    name: 'Ops Team',
    password: DEMO_PASSWORD,
  });
  const orgs = app.get(OrganizationsService);
  const passwordHash = await app.get(PasswordHasher).hash(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    const now = app.get(Clock).now();
    const user = await users.createVerified({
      email: account.email,
      name: account.name,
      passwordHash,
      now,
    });
    await orgs.create({ name: account.org, kind: account.kind }, user.id);
  }
  await showFirstStudioPublicly(app);
  return { seeded: true, logins };
}

/**
 * The first demo studio opts in to its public licensed-work page (ADR 021), so the demo shows
 * one. Only while the setting was never changed: a demo person who turned it off keeps it off,
 * and a database seeded before the page existed gets it on the next start.
 */
async function showFirstStudioPublicly(app: INestApplicationContext): Promise<void> {
  const first = DEMO_ACCOUNTS[0]!;
  const user = await app.get(UsersService).findByEmail(first.email);
  if (!user) return;
  const studio = (await app.get(OrganizationsService).listMine(user.id)).find(
    (org) => org.name === first.org && org.kind === 'creator',
  );
  if (!studio) return;
  const work = app.get(CreatorWorkService);
  if ((await work.settings(studio.id)).changedAt !== null) return;
  await work.set(studio.id, { enabled: true }, { userId: null });
}
