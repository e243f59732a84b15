// The web app's production server: static assets plus React Router's request handler.
// It replaces `react-router-serve` for one reason: loaders see a web Request without the
// visitor's address, so this server appends it to X-Forwarded-For. The API (TRUST_PROXY)
// then rate-limits per visitor instead of putting everyone behind this server in one bucket.
import { registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

// React Router 7 maps every export condition to its development build
// (remix-run/react-router#14102): dev-only warnings and checks on every request. It publishes
// the production build beside it, so resolve to that one. This runs before anything imports
// react-router, which is why the adapter and the app's build are imported dynamically below.
// vite.config.ts does the same for the browser bundle.
const REACT_ROUTER_DEVELOPMENT = '/node_modules/react-router/dist/development/';
const REACT_ROUTER_PRODUCTION = '/node_modules/react-router/dist/production/';
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    return result.url.includes(REACT_ROUTER_DEVELOPMENT)
      ? { ...result, url: result.url.replace(REACT_ROUTER_DEVELOPMENT, REACT_ROUTER_PRODUCTION) }
      : result;
  },
});
const { createRequestHandler } = await import('@react-router/express');

const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(here, 'build/server/index.js'));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const app = express();
app.disable('x-powered-by');
// React Router's hydration uses inline scripts, so script-src stays open until nonces are wired;
// the rest of the policy (no framing, forms post only here, no plugins) applies now.
// The other three repeat what the app's sessionMiddleware sets on pages (it also runs under
// `react-router dev`), so static files and the error page of a failed middleware carry them
// too. Keep the values equal to the middleware's: on pages the adapter appends its copy after
// these, and for Referrer-Policy a browser obeys the last value.
app.use((_req, res, next) => {
  res.setHeader(
    'Content-Security-Policy',
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
});
app.use(
  '/assets',
  express.static(path.join(here, 'build/client/assets'), { immutable: true, maxAge: '1y' }),
);
app.use(express.static(path.join(here, 'build/client'), { maxAge: '1h', index: false }));
app.use((req, _res, next) => {
  const peer = req.socket.remoteAddress;
  if (peer) {
    const prior = req.headers['x-forwarded-for'];
    req.headers['x-forwarded-for'] = prior ? `${prior}, ${peer}` : peer;
  }
  next();
});
app.use(createRequestHandler({ build, mode: process.env.NODE_ENV ?? 'production' }));

const server = app.listen(port, host, () => {
  console.log(
    `Clearframe web listening on http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
  );
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
