import { InvalidArgumentError } from "commander";

/** Commander argument parser: a whole number ≥ 1, or a one-line usage error. */
export function positiveInteger(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`not a positive integer: ${v}`);
  return n;
}

/** Commander argument parser: a whole number ≥ 0, or a one-line usage error. */
export function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`not a count: ${v}`);
  return n;
}
