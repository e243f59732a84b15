import { z } from 'zod';

/** What every section may use besides its own variables: the mode the process runs in. */
export interface ConfigBase {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  /** Absolute DATA_DIR: embedded databases, storage, keys and the outbox live under it. */
  dataDir: string;
}

/** Reports a problem with one variable; the boot message names it. */
export type ReportIssue = (variable: string, message: string) => void;

/**
 * One concern's slice of the environment: the variables it reads (a zod object keyed by variable
 * name), the rules that span several of them or depend on the mode (e.g. a provider's keys are
 * required only when that provider is chosen), and the typed settings it builds.
 */
export interface ConfigSection<Schema extends z.ZodObject, Settings> {
  variables: Schema;
  check?(env: z.output<Schema>, base: ConfigBase, report: ReportIssue): void;
  build(env: z.output<Schema>, base: ConfigBase): Settings;
}

/** Declares a section with its types inferred from the schema. */
export function configSection<Schema extends z.ZodObject, Settings>(
  section: ConfigSection<Schema, Settings>,
): ConfigSection<Schema, Settings> {
  return section;
}

// Field types shared by the sections.
export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
export const port = z.coerce.number().int().min(0).max(65535);
export const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));
