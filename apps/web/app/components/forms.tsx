import { Alert, Button, type ButtonProps } from '@clearframe/ui';
import { useNavigation } from 'react-router';
import type { FormFailure } from '../lib/form-errors';

/** The form-level message of a failed submission (field messages sit next to their fields). */
export function FormErrorAlert({
  failure,
  title = 'We could not do that',
}: {
  failure: FormFailure | null | undefined;
  title?: string;
}) {
  if (!failure) return null;
  const fieldCount = Object.keys(failure.fieldErrors).length;
  if (!failure.formError && fieldCount === 0) return null;
  return (
    <Alert tone="danger" title={title}>
      {failure.formError && <p>{failure.formError}</p>}
      {fieldCount > 0 && <p>Check the highlighted field{fieldCount === 1 ? '' : 's'} below.</p>}
    </Alert>
  );
}

interface SubmitButtonProps extends Omit<ButtonProps, 'type' | 'loading'> {
  /** Sent as `intent` so one action can serve several forms, and used to tell which button is busy. */
  intent?: string;
  /** Narrows "busy" further, e.g. to the row whose id was submitted. */
  pendingWhen?: (formData: FormData) => boolean;
}

/**
 * A submit button that shows progress once JavaScript has loaded; without JavaScript it is a
 * plain submit button and the browser shows its own progress.
 */
export function SubmitButton({ intent, pendingWhen, ...props }: SubmitButtonProps) {
  const navigation = useNavigation();
  const formData = navigation.formData;
  const pending =
    navigation.state === 'submitting' &&
    formData !== undefined &&
    (intent === undefined || formData.get('intent') === intent) &&
    (pendingWhen === undefined || pendingWhen(formData));
  return (
    <Button
      {...props}
      type="submit"
      name={intent ? 'intent' : undefined}
      value={intent}
      loading={pending}
    />
  );
}
