import {
  UPLOAD_CONTAINERS,
  partSizeFor,
  type SignedUploadPartsType,
  type StoredUploadPartsType,
  type UploadWithClipType,
} from '@clearframe/contracts/supply';
import { Alert } from '@clearframe/ui';
import { useEffect, useRef, useState } from 'react';

// The studio's upload island (decision 012). Uppy's Dashboard takes files or whole folders,
// shows each file's progress and the total, and cancels; its S3 multipart uploader sends the
// bytes straight to storage in parallel presigned parts. Every signing call goes to the web
// app's own `/studio/:orgId/uploads…` routes, which relay to the API with the session.
// Golden Retriever keeps the files and their upload ids across a reload, so an interrupted
// upload resumes from the parts storage already holds.

/** What the studio table should do when an upload starts, finishes or is cancelled. */
export interface StudioUploaderProps {
  orgId: string;
  /** Called after the API has created, completed or aborted an upload: time to reload the table. */
  onChange: () => void;
}

const EXTENSIONS = Object.keys(UPLOAD_CONTAINERS).map((extension) => `.${extension}`);
// Files up to this size are kept in IndexedDB, so a reload brings them back by itself; larger
// ones come back as a name to pick again, and then resume from the stored parts.
const RESTORABLE_FILE_BYTES = 512 * 1024 * 1024;
const RESTORABLE_TOTAL_BYTES = 2 * 1024 * 1024 * 1024;

type FileMeta = { idempotencyKey?: string; relativePath?: string | null; name?: string };

class UploadRequestError extends Error {}

function parseBody(text: string): { detail?: string; title?: string } | null {
  try {
    return text ? (JSON.parse(text) as { detail?: string; title?: string }) : null;
  } catch {
    return null;
  }
}

async function call<T>(
  url: string,
  init: { method: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal },
): Promise<T> {
  const response = await fetch(url, {
    method: init.method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json, application/problem+json',
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (response.status === 204) return undefined as T;
  const body = parseBody(await response.text());
  if (!response.ok) {
    throw new UploadRequestError(
      body?.detail ?? body?.title ?? `The upload failed (HTTP ${response.status}).`,
    );
  }
  return body as T;
}

export function StudioUploader({ orgId, onChange }: StudioUploaderProps) {
  const target = useRef<HTMLDivElement>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let destroy: (() => void) | null = null;
    const base = `/studio/${encodeURIComponent(orgId)}/uploads`;

    (async () => {
      // Loaded in the browser only: Uppy's UI needs the DOM, and the server never renders it.
      const [{ default: Uppy }, { default: AwsS3 }, { default: Dashboard }, gr] = await Promise.all(
        [
          import('@uppy/core'),
          import('@uppy/aws-s3'),
          import('@uppy/dashboard'),
          import('@uppy/golden-retriever'),
          // Its styles come with it, so pages without the uploader never load them.
          import('@uppy/core/css/style.min.css'),
          import('@uppy/dashboard/css/style.min.css'),
        ],
      );
      if (disposed || !target.current) return;
      const GoldenRetriever = gr.default;

      const uppy = new Uppy<FileMeta, Record<string, never>>({
        // One store per studio, so a reload restores this studio's files and no other's.
        id: `studio-${orgId}`,
        autoProceed: true,
        allowMultipleUploadBatches: true,
        restrictions: { allowedFileTypes: ['video/*', ...EXTENSIONS] },
        // A random key per file makes a retried create return the same upload; Golden
        // Retriever persists it with the file, so it survives a reload too.
        onBeforeFileAdded: (file) => ({
          ...file,
          meta: { ...file.meta, idempotencyKey: file.meta.idempotencyKey ?? crypto.randomUUID() },
        }),
      });
      uppy.use(Dashboard, {
        inline: true,
        target: target.current,
        width: '100%',
        height: 360,
        fileManagerSelectionType: 'both',
        proudlyDisplayPoweredByUppy: false,
        note: `Video files: ${EXTENSIONS.join(', ')}. Drop a whole folder to upload every clip in it.`,
        locale: {
          strings: {
            dropPasteBoth: 'Drop video files or a folder here, %{browseFiles} or %{browseFolders}',
            browseFiles: 'choose files',
            browseFolders: 'choose a folder',
          },
        },
      });
      uppy.use(GoldenRetriever, {
        serviceWorker: false,
        indexedDB: {
          maxFileSize: RESTORABLE_FILE_BYTES,
          maxTotalSize: RESTORABLE_TOTAL_BYTES,
        } as { name?: string },
      });
      uppy.use(AwsS3, {
        shouldUseMultipart: true,
        // Parts in flight at once, across files: enough to fill a connection, few enough that
        // one slow part does not starve the others.
        limit: 6,
        // The API's own part size, so the browser's parts are exactly the upload's parts.
        getChunkSize: (file) => partSizeFor(file.size),
        createMultipartUpload: async (file) => {
          const created = await call<UploadWithClipType>(base, {
            method: 'POST',
            headers: file.meta.idempotencyKey
              ? { 'Idempotency-Key': String(file.meta.idempotencyKey) }
              : undefined,
            body: {
              fileName: file.name ?? 'video',
              sizeBytes: file.size ?? 0,
              contentType: file.type ?? '',
            },
          });
          onChangeRef.current();
          return { uploadId: created.upload.id, key: created.upload.clipId };
        },
        signPart: async (_file, { uploadId, partNumber, signal }) => {
          const signed = await call<SignedUploadPartsType>(
            `${base}/${encodeURIComponent(uploadId!)}/parts`,
            { method: 'POST', body: { partNumbers: [partNumber] }, signal },
          );
          const part = signed.parts.find((candidate) => candidate.partNumber === partNumber);
          if (!part) throw new UploadRequestError(`Part ${partNumber} was not signed.`);
          const expires = Math.floor((Date.parse(part.expiresAt) - Date.now()) / 1000);
          return { method: 'PUT', url: part.url, headers: part.headers, expires };
        },
        listParts: async (_file, { uploadId, signal }) => {
          const stored = await call<StoredUploadPartsType>(
            `${base}/${encodeURIComponent(uploadId!)}/parts`,
            { method: 'GET', signal },
          );
          return stored.parts.map((part) => ({
            PartNumber: part.partNumber,
            Size: part.sizeBytes,
            ETag: part.etag,
          }));
        },
        completeMultipartUpload: async (_file, { uploadId, parts, signal }) => {
          await call<UploadWithClipType>(`${base}/${encodeURIComponent(uploadId!)}/complete`, {
            method: 'POST',
            signal,
            body: {
              parts: parts.map((part) => ({ partNumber: part.PartNumber!, etag: part.ETag! })),
            },
          });
          onChangeRef.current();
          return {};
        },
        abortMultipartUpload: async (_file, { uploadId }) => {
          await call(`${base}/${encodeURIComponent(uploadId!)}`, { method: 'DELETE' });
          onChangeRef.current();
        },
      });
      // Uppy aborts a file's multipart upload when any step fails, and "Retry" starts over:
      // a new key makes that a new upload rather than the aborted one again.
      uppy.on('upload-error', (file) => {
        if (file) uppy.setFileMeta(file.id, { idempotencyKey: crypto.randomUUID() });
      });
      destroy = () => uppy.destroy();
    })().catch((error: unknown) => {
      if (!disposed)
        setFailed(error instanceof Error ? error.message : 'The uploader could not start.');
    });

    return () => {
      disposed = true;
      destroy?.();
    };
  }, [orgId]);

  return (
    <div>
      {failed && (
        <Alert tone="danger" title="The uploader could not start" className="mb-3">
          <p>{failed} Reload the page to try again.</p>
        </Alert>
      )}
      <div ref={target} data-testid="uploader" />
    </div>
  );
}
