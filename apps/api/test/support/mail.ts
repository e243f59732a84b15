import type { TestApp } from './test-app.js';

/** The first link of the latest `tag` mail to `email` in the outbox. */
export async function mailedLink(app: TestApp, email: string, tag: string): Promise<string> {
  const address = email.trim().toLowerCase();
  const mail = (await app.outbox()).filter((m) => m.to === address && m.tag === tag).at(-1);
  if (!mail?.links?.[0]) throw new Error(`no ${tag} mail to ${address}`);
  return mail.links[0];
}
