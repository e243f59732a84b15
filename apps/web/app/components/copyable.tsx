import { FormField, TextArea } from '@clearframe/ui';
import { CopyButton } from './copy-button';

/**
 * A value a person must copy whole (a new API key, an invitation link): a read-only field that
 * wraps instead of cutting the value off, so it can be read and selected on a phone too, with
 * a copy button once JavaScript runs.
 */
export function CopyableField({
  label,
  value,
  hint,
  copyLabel = 'Copy',
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  copyLabel?: string;
  testId?: string;
}) {
  return (
    <FormField label={label} hint={hint}>
      <div className="flex flex-col items-start gap-2 sm:flex-row">
        <TextArea
          readOnly
          value={value}
          rows={2}
          className="field-sizing-content min-h-0 resize-none font-mono break-all sm:flex-1"
          data-testid={testId}
          autoComplete="off"
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton value={value} label={copyLabel} />
      </div>
    </FormField>
  );
}

/** A complete command or snippet, shown whole (wrapped, never cut with "…") with a copy button. */
export function CopyableCode({
  code,
  label,
  copyLabel = 'Copy command',
}: {
  code: string;
  /** What the code is, for people who cannot see the block (it becomes the figure's name). */
  label: string;
  copyLabel?: string;
}) {
  return (
    <figure className="space-y-2" aria-label={label}>
      <pre className="rounded-md bg-slate-900 p-3 text-xs leading-relaxed whitespace-pre-wrap text-slate-100 [overflow-wrap:anywhere]">
        <code>{code}</code>
      </pre>
      <CopyButton value={code} label={copyLabel} />
    </figure>
  );
}
