import type { ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
  useActionData,
  useLoaderData,
  useParams,
  type RouteObject,
} from 'react-router';

/**
 * A framework-mode route component as a data-router component: framework mode hands route
 * components their loader and action data as props, a plain data router does not.
 */
export function withRouteProps(component: unknown): ComponentType {
  const Component = component as ComponentType<Record<string, unknown>>;
  return function RouteComponent() {
    return (
      <Component loaderData={useLoaderData()} actionData={useActionData()} params={useParams()} />
    );
  };
}

/**
 * Server-renders `routes` for `request` through React Router's static handler (loaders, an
 * action for POSTs, error boundaries), the way the server answers a document request.
 * Returns the status and the markup without the hydration script.
 */
export async function renderRoutes(
  routes: RouteObject[],
  request: Request,
): Promise<{ status: number; html: string }> {
  const handler = createStaticHandler(routes);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    <StaticRouterProvider router={router} context={context} hydrate={false} />,
  );
  return { status: context.statusCode, html };
}

/** The text of every element `name` in server-rendered markup, entities decoded. */
export function textOf(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<${name}[^>]*>([\\s\\S]*?)</${name}>`, 'g'))].map((match) =>
    match[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}
