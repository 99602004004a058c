/** Integer element text: a missing or empty element reads as 0 (PyODPS crashes instead); junk is an error. */
import { MaxComputeDecodeError } from '../errors.ts';

const INTEGER = /^[+-]?\d+$/;

export function parseIntegerText(what: string, name: string, text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  const value = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(value)) {
    throw new MaxComputeDecodeError(what, `<${name}> is not an integer: '${text.slice(0, 40)}'`, {
      retryable: false,
    });
  }
  return value;
}
