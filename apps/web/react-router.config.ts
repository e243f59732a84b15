import type { Config } from '@react-router/dev/config';

export default {
  // Server rendering is the baseline: every page and form works before (or without) hydration.
  ssr: true,
  future: {
    // Root middleware resolves the API session once per request (and rotates it) before any
    // loader runs, so parallel loaders never race each other with a token that just rotated.
    v8_middleware: true,
    // v8 defaults that change nothing in how this app's code is written.
    v8_splitRouteModules: true,
    v8_trailingSlashAwareDataRequests: true,
    // Left off for now: pass-through requests would hand loaders the raw `.data` URL (the
    // sign-in redirect builds its return path from request.url), and the Vite environment API
    // changes the build layout that server.mjs imports (`build/server/index.js`).
    v8_passThroughRequests: false,
    v8_viteEnvironmentApi: false,
  },
} satisfies Config;
