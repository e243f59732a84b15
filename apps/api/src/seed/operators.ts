import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Email, Password } from '@clearframe/contracts/common';
import { PasswordHasher } from '../accounts/password-hasher.js';
import { UsersService } from '../accounts/users.service.js';
import { Clock } from '../common/clock.js';
import { OrganizationsService } from '../organizations/organizations.service.js';

export const OPERATOR_ORG_NAME = 'Clearframe Operations';

/**
 * Creates (or reuses) a user and makes them an owner of the operator organization. Operator
 * accounts never come from sign-up: only this function, the CLI and the demo seed create them.
 */
export async function ensureOperator(
  app: INestApplicationContext,
  input: { email: string; name: string; password?: string },
): Promise<{ email: string; password: string | null; created: boolean }> {
  const email = Email.parse(input.email);
  const users = app.get(UsersService);
  const orgs = app.get(OrganizationsService);

  let password: string | null = null;
  let user = await users.findByEmail(email);
  const created = !user;
  if (!user) {
    password = input.password
      ? Password.parse(input.password)
      : randomBytes(12).toString('base64url');
    user = await users.createVerified({
      email,
      name: input.name,
      passwordHash: await app.get(PasswordHasher).hash(password),
      now: app.get(Clock).now(),
    });
  }
  const operatorOrg = await orgs.findOperatorOrg();
  if (!operatorOrg) {
    await orgs.create({ name: OPERATOR_ORG_NAME, kind: 'operator' }, user.id);
  } else if (!(await orgs.findMembership(operatorOrg.id, user.id))) {
    await orgs.addMemberDirectly(operatorOrg.id, user.id, 'owner');
  }
  return { email, password, created };
}
