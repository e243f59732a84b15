import type { CatalogClipType } from '@clearframe/contracts/supply';
import { formatMoney } from '@clearframe/contracts/money';
import { buttonClasses, textLinkClasses } from '@clearframe/ui';
import { useEffect, useState } from 'react';
import { Link, useFetcher } from 'react-router';
import { formatDuration } from '../lib/clip-labels';

const TIER_LABELS = { sd: 'SD', hd: 'HD', uhd: '4K' } as const;

/**
 * A clip's card. Where JavaScript runs, hovering or focusing it plays the watermarked preview
 * (muted, looped) over the thumbnail; without it the card is a thumbnail and a link.
 */
function CatalogCard({ clip }: { clip: CatalogClipType }) {
  const [playing, setPlaying] = useState(false);
  const play = clip.previewUrl ? () => setPlaying(true) : undefined;
  const stop = clip.previewUrl ? () => setPlaying(false) : undefined;
  return (
    <li className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
      <Link
        to={`/catalog/${clip.id}`}
        className="group block no-underline"
        onMouseEnter={play}
        onMouseLeave={stop}
        onFocus={play}
        onBlur={stop}
      >
        <div className="relative aspect-video bg-slate-200">
          {clip.thumbnailUrl && (
            <img src={clip.thumbnailUrl} alt="" loading="lazy" className="size-full object-cover" />
          )}
          {playing && clip.previewUrl && (
            <video
              src={clip.previewUrl}
              autoPlay
              muted
              loop
              playsInline
              aria-hidden="true"
              data-preview
              className="absolute inset-0 size-full object-cover"
            />
          )}
          <span className="absolute right-2 bottom-2 rounded bg-slate-900/85 px-1.5 py-0.5 text-xs font-medium text-white">
            {formatDuration(clip.durationMs)}
          </span>
        </div>
        <div className="space-y-1 p-3">
          <p className="font-semibold text-slate-900 group-hover:underline">{clip.title}</p>
          <p className="text-sm text-slate-600">{clip.creator.name}</p>
          <p className="flex flex-wrap justify-between gap-2 text-sm text-slate-700">
            <span>
              {clip.width}×{clip.height} · {TIER_LABELS[clip.resolution]}
            </span>
            <span className="font-medium text-slate-900">
              {clip.listPrice ? `${formatMoney(clip.listPrice.perMinute)}/min` : 'Price on request'}
            </span>
          </p>
        </div>
      </Link>
    </li>
  );
}

type Page = { items: CatalogClipType[]; nextCursor: string | null };

/**
 * A page of clips with a "Load more" link to the next keyset page of the same search. Without
 * JavaScript the link opens that page; with it, the next page is appended in place.
 */
export function CatalogGrid({
  items,
  nextCursor,
  cursor,
  search = '',
  basePath = '/catalog',
}: Page & { cursor: string | null; search?: string; basePath?: string }) {
  const fetcher = useFetcher<Page>();
  const [more, setMore] = useState<Page>({ items: [], nextCursor });
  useEffect(() => setMore({ items: [], nextCursor }), [items, nextCursor]);
  useEffect(() => {
    if (fetcher.data)
      setMore((previous) => ({
        items: [...previous.items, ...fetcher.data!.items],
        nextCursor: fetcher.data!.nextCursor,
      }));
  }, [fetcher.data]);

  const all = [...items, ...more.items];
  if (all.length === 0 && search)
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="font-medium text-slate-900">No clips match this search.</p>
        <p className="mt-1 text-sm text-slate-600">
          Try other words, or fewer filters.{' '}
          <Link to="/catalog" className={textLinkClasses}>
            Clear the search
          </Link>
        </p>
      </div>
    );
  if (all.length === 0)
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="font-medium text-slate-900">The catalog is empty for now.</p>
        <p className="mt-1 text-sm text-slate-600">
          Clips appear here once creators submit them and an operator approves them.
        </p>
      </div>
    );
  const next = more.nextCursor;
  const nextHref = next ? moreHref(search, next) : null;
  return (
    <div className="space-y-6">
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {all.map((clip) => (
          <CatalogCard key={clip.id} clip={clip} />
        ))}
      </ul>
      <p className="flex flex-wrap items-center gap-4">
        {nextHref && (
          <Link
            to={nextHref}
            className={buttonClasses({ variant: 'secondary' })}
            onClick={(event) => {
              event.preventDefault();
              fetcher.load(nextHref);
            }}
            aria-disabled={fetcher.state !== 'idle' || undefined}
          >
            {fetcher.state !== 'idle' ? 'Loading…' : 'Load more'}
          </Link>
        )}
        {cursor && (
          <Link to={search ? `/catalog?${search}` : basePath} className={textLinkClasses}>
            {search ? 'Back to the first page' : 'Back to the newest clips'}
          </Link>
        )}
      </p>
    </div>
  );
}

/** The catalog route's URL for the page after `cursor` of the same search. */
function moreHref(search: string, cursor: string): string {
  const params = new URLSearchParams(search);
  params.set('cursor', cursor);
  return `/catalog?${params.toString()}`;
}
