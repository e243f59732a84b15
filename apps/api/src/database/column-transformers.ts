import type { ValueTransformer } from 'typeorm';

/**
 * `bigint` and `numeric` columns come back from the pg driver as strings (they can exceed a
 * JavaScript number). Sizes in bytes, bitrates and frame rates stay far below 2^53, so these
 * columns are read as numbers; a value that would lose precision throws instead of rounding.
 */
export const numberColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => {
    if (value === null || value === undefined) return value;
    const number = Number(value);
    if (!Number.isFinite(number) || (Number.isInteger(number) && !Number.isSafeInteger(number))) {
      throw new RangeError(`Column value ${value} does not fit a JavaScript number`);
    }
    return number;
  },
};
