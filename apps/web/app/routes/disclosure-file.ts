import { Disclosure } from '@clearframe/contracts/transparency';
import { DISCLOSURE_FILES, modelsApi, type DisclosureFile } from '../lib/api/models.server';
import { notFound } from '../lib/viewer.server';
import type { Route } from './+types/disclosure-file';

/**
 * A public disclosure's downloads, relayed from the API: the JSON, the bare JWS, the EU AI Act
 * exports and the Croissant card. A disclosure that is not public is not found here either.
 */
export async function loader({ params }: Route.LoaderArgs) {
  const file = params.file as DisclosureFile;
  if (!Object.hasOwn(DISCLOSURE_FILES, file)) throw notFound();
  const upstream = await modelsApi.file(params.disclosureId, file);
  if (!upstream.ok) {
    await upstream.body?.cancel();
    throw notFound('We could not find that disclosure.');
  }
  let body: BodyInit | null = upstream.body;
  if (file === 'disclosure.jws') {
    body = `${Disclosure.parse(await upstream.json()).jws}\n`;
  }
  return new Response(body, {
    headers: {
      'Content-Type': DISCLOSURE_FILES[file].type,
      'Content-Disposition': `attachment; filename="disclosure-${params.disclosureId}-${file}"`,
      'Cache-Control': 'public, max-age=60',
    },
  });
}
