import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Email, Password } from '@clearframe/contracts/common';
import type { DataSource } from 'typeorm';
import { PasswordHasher } from '../accounts/password-hasher.js';
import { UsersRepository } from '../accounts/users.repository.js';
import { Clock } from '../common/clock.js';
import { OrganizationEntity } from '../organizations/organization.entity.js';
import { OrganizationsRepository } from '../organizations/organizations.repository.js';
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
  const users = app.get(UsersRepository);
  const orgs = app.get(OrganizationsRepository);
  const clock = app.get(Clock);
  const db = app.get<DataSource>(getDataSourceToken());

  let password: string | null = null;
  let user = await users.findByEmail(email);
  const created = !user;
  if (!user) {
    password = input.password
      ? Password.parse(input.password)
      : randomBytes(12).toString('base64url');
    const now = clock.now();
    user = await users.create({
      email,
      name: input.name,
      passwordHash: await app.get(PasswordHasher).hash(password),
      now,
      emailVerifiedAt: now,
    });
  }
  const operatorOrg = await db.manager.findOneBy(OrganizationEntity, { kind: 'operator' });
  if (!operatorOrg) {
    await app
      .get(OrganizationsService)
      .create({ name: OPERATOR_ORG_NAME, kind: 'operator' }, user.id);
  } else if (!(await orgs.findMembership(operatorOrg.id, user.id))) {
    await db.transaction((manager) =>
      orgs.addMember(operatorOrg.id, user.id, 'owner', clock.now(), manager),
    );
  }
  return { email, password, created };
}
