import type { BundleQuoteType } from '@clearframe/contracts/demand';
import { renderTerms } from '@clearframe/contracts/license';
import { formatMoney } from '@clearframe/contracts/money';
import { Card } from '@clearframe/ui';
import { Form } from 'react-router';
import type { FormFailure } from '../lib/form-errors';
import { FormErrorAlert, SubmitButton } from './forms';
import { TermsText } from './terms-text';

/**
 * Ordering a bundle: every distinct set of terms its clips resolve to, rendered with its hash,
 * each accepted by its own checkbox, then one button. The form sends the quote's token and the
 * accepted hashes, never an amount; the server recomputes the quote and refuses with the
 * current one if anything changed. The idempotency key is made when the page is drawn, so a
 * double submit places one order.
 */
export function BundleOrder({
  quoted,
  idempotencyKey,
  failure,
}: {
  quoted: BundleQuoteType;
  idempotencyKey: string;
  failure: FormFailure | null;
}) {
  const { quote, terms } = quoted;
  const clipCount = quote.lines.length;
  if (clipCount === 0) {
    return (
      <Card
        title="Order"
        description="No clip of this bundle can be licensed under its intended use yet."
      >
        <p className="text-sm text-slate-600">
          Add clips from the catalog, or change the intended use, to get something to order.
        </p>
      </Card>
    );
  }
  const expires = new Date(quoted.expiresAt);
  return (
    <Card
      title="Order"
      description={`${clipCount} clip${clipCount === 1 ? '' : 's'} for ${formatMoney(quote.total)}. Read the terms and accept each set to order; this quote can be ordered until ${expires.toUTCString().slice(17, 22)} UTC.`}
    >
      <Form method="post" className="space-y-6" noValidate>
        <FormErrorAlert failure={failure} title="The order was not placed" />
        <input type="hidden" name="quoteToken" value={quoted.quoteToken} />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        {terms.map((group, index) => (
          <section
            key={group.termsHash}
            aria-labelledby={`terms-${index}`}
            className="min-w-0 space-y-3 rounded-md border border-slate-200 p-4"
          >
            <h3 id={`terms-${index}`} className="font-medium text-slate-900">
              {terms.length === 1
                ? 'License terms'
                : `License terms ${index + 1} of ${terms.length}`}
              <span className="font-normal text-slate-600">
                {' '}
                · {group.clipIds.length} clip{group.clipIds.length === 1 ? '' : 's'}
              </span>
            </h3>
            <div className="max-h-72 overflow-y-auto rounded bg-slate-50 p-3 text-sm">
              <TermsText>{renderTerms(group.terms, { format: 'text' })}</TermsText>
            </div>
            <label className="flex items-start gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name="acceptedTermsHashes"
                value={group.termsHash}
                className="mt-1"
              />
              <span className="[overflow-wrap:anywhere]">
                I accept these terms for my organization (terms hash {group.termsHash}).
              </span>
            </label>
          </section>
        ))}
        <input type="hidden" name="termsCount" value={terms.length} />
        <SubmitButton intent="order">Order and pay {formatMoney(quote.total)}</SubmitButton>
      </Form>
    </Card>
  );
}
