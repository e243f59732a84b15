import {
  MODALITY_LABELS,
  OUTPUT_MODALITIES,
  PERMITTED_USES,
  PROHIBITED_USES,
  PROHIBITION_LABELS,
  USE_LABELS,
  type LicenseRequestType,
} from '@clearframe/contracts/license';
import { cx, FormField, Input, VisuallyHidden } from '@clearframe/ui';
import type { ReactNode } from 'react';
import { Form } from 'react-router';
import type { FormFailure } from '../lib/form-errors';
import { intendedUseValues } from '../lib/intended-use';
import { FormErrorAlert, SubmitButton } from './forms';

const choiceClasses = (error: boolean) =>
  cx(
    'flex cursor-pointer items-start gap-3 rounded-md border bg-white px-3 py-2 text-sm',
    'has-checked:border-indigo-700 has-checked:bg-indigo-50',
    error ? 'border-red-700' : 'border-slate-300',
  );

function Group({
  name,
  legend,
  hint,
  error,
  children,
}: {
  name: string;
  legend: string;
  hint?: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  const errorId = error ? `${name}-error` : undefined;
  return (
    <fieldset className="min-w-0 space-y-2" aria-describedby={errorId}>
      <legend className="text-sm font-medium text-slate-900">{legend}</legend>
      {hint && <p className="text-sm text-slate-600">{hint}</p>}
      <div className="grid gap-2 sm:grid-cols-2">{children}</div>
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-700">
          <VisuallyHidden>Error: </VisuallyHidden>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Choice({
  type,
  name,
  value,
  checked,
  error,
  children,
}: {
  type: 'checkbox' | 'radio';
  name: string;
  value: string;
  checked: boolean;
  error: boolean;
  children: ReactNode;
}) {
  const id = `${name}-${value}`;
  return (
    <label htmlFor={id} className={choiceClasses(error)}>
      <input
        id={id}
        type={type}
        name={name}
        value={value}
        defaultChecked={checked}
        aria-invalid={error ? true : undefined}
        className="mt-0.5 size-4 shrink-0 accent-indigo-700"
      />
      <span className="min-w-0 text-slate-900">{children}</span>
    </label>
  );
}

/** A group of radio buttons: one `[value, label]` per option. */
function Radios({
  name,
  legend,
  options,
  error,
  isChecked,
}: {
  name: string;
  legend: string;
  options: readonly (readonly [string, string])[];
  error: string | undefined;
  isChecked: (option: string) => boolean;
}) {
  return (
    <Group name={name} legend={legend} error={error}>
      {options.map(([option, label]) => (
        <Choice
          key={option}
          type="radio"
          name={name}
          value={option}
          checked={isChecked(option)}
          error={false}
        >
          {label}
        </Choice>
      ))}
    </Group>
  );
}

/** A group of checkboxes, one per option, labelled from `labels`. */
function Checkboxes<T extends string>({
  name,
  legend,
  hint,
  options,
  labels,
  error,
  isChecked,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: readonly T[];
  labels: Record<T, string>;
  error: string | undefined;
  isChecked: (option: T) => boolean;
}) {
  return (
    <Group name={name} legend={legend} hint={hint} error={error}>
      {options.map((option) => (
        <Choice
          key={option}
          type="checkbox"
          name={name}
          value={option}
          checked={isChecked(option)}
          error={!!error}
        >
          <span className="block first-letter:uppercase">{labels[option]}</span>
        </Choice>
      ))}
    </Group>
  );
}

/**
 * The bundle's intended use (a contracts `LicenseRequest`) as a plain form: checkbox groups for
 * uses, modalities and sensitive uses, radio choices for the rest. Works without JavaScript; the
 * action validates with the same schema the API uses.
 */
export function IntendedUseForm({
  request,
  failure,
}: {
  request: LicenseRequestType;
  failure: FormFailure | null;
}) {
  const values = intendedUseValues(request);
  const errors = failure?.fieldErrors ?? {};
  const value = (name: string) => failure?.values[name] ?? (values[name] as string);
  const listed = (name: string, option: string) =>
    (failure ? (failure.values[name] ?? '').split(',') : (values[name] as string[])).includes(
      option,
    );
  const radio = (name: string, option: string) => value(name) === option;
  return (
    <Form method="post" className="space-y-6" noValidate>
      <FormErrorAlert failure={failure} title="The intended use was not saved" />
      <Checkboxes
        name="uses"
        legend="Uses"
        hint="What the lab will do with the footage."
        options={PERMITTED_USES}
        labels={USE_LABELS}
        error={errors.uses}
        isChecked={(option) => listed('uses', option)}
      />
      <Checkboxes
        name="outputModalities"
        legend="What the models will output"
        options={OUTPUT_MODALITIES}
        labels={MODALITY_LABELS}
        error={errors.outputModalities}
        isChecked={(option) => listed('outputModalities', option)}
      />
      <Checkboxes
        name="sensitiveUses"
        legend="Sensitive uses you plan (if any)"
        hint="Clips whose creators forbid one of these are left out of the quote."
        options={PROHIBITED_USES}
        labels={PROHIBITION_LABELS}
        error={errors.sensitiveUses}
        isChecked={(option) => listed('sensitiveUses', option)}
      />
      <Radios
        name="commercial"
        legend="Commercial use"
        error={errors.commercial}
        options={[
          ['yes', 'Commercial'],
          ['no', 'Non-commercial'],
        ]}
        isChecked={(option) => radio('commercial', option)}
      />
      <div className="space-y-3">
        <Radios
          name="exclusivity"
          legend="Exclusivity"
          error={errors.exclusivity}
          options={[
            ['none', 'Non-exclusive'],
            ['exclusive', 'Exclusive'],
          ]}
          isChecked={(option) => radio('exclusivity', option)}
        />
        <FormField
          label="Exclusive until"
          hint="A date (UTC); leave empty for the end of the term."
          error={errors.exclusiveUntil}
        >
          <Input type="date" name="exclusiveUntil" defaultValue={value('exclusiveUntil')} />
        </FormField>
      </div>
      <div className="space-y-3">
        <Radios
          name="term"
          legend="Term"
          error={errors.term}
          options={[
            ['fixed', 'A fixed number of months'],
            ['perpetual', 'Perpetual'],
          ]}
          isChecked={(option) => radio('term', option)}
        />
        <FormField label="Months" hint="For a fixed term: 1 to 240." error={errors.termMonths}>
          <Input
            type="number"
            name="termMonths"
            min={1}
            max={240}
            inputMode="numeric"
            defaultValue={value('termMonths')}
          />
        </FormField>
        <label className="flex items-start gap-3 text-sm text-slate-900">
          <input
            type="checkbox"
            name="modelsUsableAfterTerm"
            defaultChecked={value('modelsUsableAfterTerm') === 'on'}
            className="mt-0.5 size-4 shrink-0 accent-indigo-700"
          />
          Models trained during a fixed term stay usable after it
        </label>
      </div>
      <div className="space-y-3">
        <Radios
          name="territory"
          legend="Territory"
          error={errors.territory}
          options={[
            ['worldwide', 'Worldwide'],
            ['include', 'Only these countries'],
            ['exclude', 'Everywhere but these countries'],
          ]}
          isChecked={(option) => radio('territory', option)}
        />
        <FormField
          label="Countries"
          hint="Two-letter codes separated by commas, such as US, DE, JP."
          error={errors.countries}
        >
          <Input name="countries" defaultValue={value('countries')} autoComplete="off" />
        </FormField>
      </div>
      <Radios
        name="sublicensing"
        legend="Sublicensing"
        error={errors.sublicensing}
        options={[
          ['none', 'None'],
          ['affiliates', 'To the lab’s affiliates'],
        ]}
        isChecked={(option) => radio('sublicensing', option)}
      />
      <SubmitButton intent="intended-use">Save the intended use</SubmitButton>
    </Form>
  );
}
