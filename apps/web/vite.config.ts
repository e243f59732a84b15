import { reactRouter } from '@react-router/dev/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig, type Plugin } from 'vite';

const REACT_ROUTER_DEVELOPMENT = '/node_modules/react-router/dist/development/';
const REACT_ROUTER_PRODUCTION = '/node_modules/react-router/dist/production/';

/**
 * React Router 7 maps every export condition to its development build
 * (remix-run/react-router#14102), so a production bundle would ship its dev-only warnings and
 * "Hey developer" messages. It publishes the production build beside it: the browser bundle
 * resolves to that one. The server bundle keeps `react-router` external, and server.mjs
 * resolves it the same way at run time.
 */
function reactRouterProductionBuild(): Plugin {
  return {
    name: 'clearframe:react-router-production-build',
    enforce: 'pre',
    apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
    async resolveId(source, importer, options) {
      if (source !== 'react-router' && !source.startsWith('react-router/')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved?.id.includes(REACT_ROUTER_DEVELOPMENT)) return resolved;
      return {
        ...resolved,
        id: resolved.id.replace(REACT_ROUTER_DEVELOPMENT, REACT_ROUTER_PRODUCTION),
      };
    },
  };
}

export default defineConfig({
  plugins: [reactRouterProductionBuild(), tailwindcss(), reactRouter()],
});
