import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { createWorker } from '../src/app.factory.js';
import { AppConfig } from '../src/config/app-config.js';
import { eventually } from './support/jobs.js';
import { freePort } from './support/processes.js';
import { readOutbox, startTestApp, type TestApp } from './support/test-app.js';

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('worker', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let workerPort: number;

  beforeAll(async () => {
    // The API only queues (JOBS_ENABLED=false); the worker beside it, on the same database and
    // data directory, is the only one working jobs. Room for both connection pools on PGlite.
    t = await startTestApp({ env: { DATABASE_POOL_SIZE: '8' } });
    workerPort = await freePort();
    const config = AppConfig.fromEnv({
      ...t.env,
      JOBS_ENABLED: 'true',
      JOBS_POLL_INTERVAL_SECONDS: '0.5',
      DATABASE_POOL_SIZE: '2',
      PORT: String(workerPort),
    });
    worker = await createWorker({ config, runtime: t.runtime, clock: t.clock });
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('boots without an HTTP server', async () => {
    expect(await refusesConnections(workerPort)).toBe(true);
  });

  it('delivers the mail the API queued', async () => {
    // Sign-up queues the verification mail as a job.
    const user = { email: 'queued-mail@example.com' };
    const signUp = await t.request('POST', '/v1/auth/sign-up', {
      body: { email: user.email, password: 'a long enough passphrase', name: 'Queued' },
    });
    expect(signUp.status).toBe(202);
    const mail = await eventually(
      async () =>
        (await readOutbox(t.config.mail.outboxDir)).find(
          (m) => m.to === user.email && m.tag === 'verify-email',
        ),
      'the worker to deliver the verification mail',
    );
    expect(mail.links?.[0]).toMatch(/^http:\/\/localhost:3999\/verify-email\?token=/);
    // The API never ran it: nothing is left for it to drain.
    expect(await t.drainJobs()).toBe(0);
  });
});
