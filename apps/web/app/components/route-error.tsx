import { Alert, textLinkClasses } from '@clearframe/ui';
import { isRouteErrorResponse, Link, useLocation, useRouteError } from 'react-router';

/** What a person is told about a thrown error: a status line when there is one, a title, a sentence. */
export interface RouteErrorText {
  status: number | null;
  title: string;
  message: string;
}

/**
 * One reading of thrown errors for every boundary. Response messages are the app's own (thrown
 * as `data('…')` or `notFound('…')`); other errors show a generic sentence outside development,
 * so no stack or internal message reaches a visitor.
 */
export function describeRouteError(error: unknown): RouteErrorText {
  let title = 'Something went wrong';
  let message = 'An unexpected error occurred. Try again in a moment.';
  if (isRouteErrorResponse(error)) {
    const own = typeof error.data === 'string' && error.data ? error.data : null;
    if (error.status === 404)
      return {
        status: 404,
        title: 'Page not found',
        message: own ?? 'We could not find that page.',
      };
    if (error.status === 403) title = 'Not allowed';
    else if (error.status === 503) title = 'Temporarily unavailable';
    return { status: error.status, title, message: own ?? message };
  }
  // `import.meta.env` is Vite's; it is absent when route modules run under jest.
  if (import.meta.env?.DEV && error instanceof Error) message = error.message;
  return { status: null, title, message };
}

/**
 * The error boundary of a section inside a layout (a settings tab): the layout, its heading
 * and its navigation stay on screen, so a failing tab does not take the others with it.
 */
export function SectionErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  const { status, title, message } = describeRouteError(error);
  return (
    <Alert tone="danger" title={`This section could not be shown: ${title.toLowerCase()}`}>
      <p>
        {message}
        {status !== null && <span className="text-red-800"> (error {status})</span>}
      </p>
      <p>
        <Link to={location.pathname + location.search} reloadDocument className={textLinkClasses}>
          Try again
        </Link>{' '}
        or pick another tab above.
      </p>
    </Alert>
  );
}
