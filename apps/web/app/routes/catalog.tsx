import { PageHeader } from '@clearframe/ui';
import { CatalogGrid } from '../components/catalog-grid';
import { loadCatalog } from '../lib/catalog.server';
import { getViewer } from '../lib/viewer.server';
import type { Route } from './+types/catalog';

export const meta: Route.MetaFunction = () => [{ title: 'Catalog · Clearframe' }];

export function loader({ request, context }: Route.LoaderArgs) {
  return loadCatalog(getViewer(context), request);
}

export default function CatalogPage({ loaderData }: Route.ComponentProps) {
  return (
    <div>
      <PageHeader
        eyebrow="Catalog"
        title="Licensed footage, newest first"
        description="Every clip is reviewed, its people have consented, and its license says exactly what it may be used for. Previews are watermarked."
      />
      <CatalogGrid {...loaderData} />
    </div>
  );
}
