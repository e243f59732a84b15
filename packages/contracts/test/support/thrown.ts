import { ContractError } from '../../src/contract-error.js';

/** What a contracts function threw, as a plain object a test compares whole (message included). */
export interface Thrown {
  name: string;
  code: string;
  message: string;
  issues: Array<{ path: string; message: string; code: string }>;
}

function describeError(error: unknown): Thrown {
  if (!(error instanceof ContractError)) throw error;
  return {
    name: error.name,
    code: error.code,
    message: error.message,
    issues: error.issues,
  };
}

/** Runs `action` and returns what it threw; fails the test when it returns instead. */
export function thrown(action: () => unknown): Thrown {
  try {
    action();
  } catch (error) {
    return describeError(error);
  }
  throw new Error('expected the call to throw');
}

/** Awaits `promise` and returns what it rejected with; fails the test when it resolves. */
export async function rejected(promise: Promise<unknown>): Promise<Thrown> {
  try {
    await promise;
  } catch (error) {
    return describeError(error);
  }
  throw new Error('expected the promise to reject');
}
