/**
 * For a command-line script's input step: a file that is missing, unreadable or malformed ends the
 * script with its message on one line (`train: /x/groundtruth.csv: line 4: ...`) and exit code 1,
 * not a stack trace. Use as `await readInputs().catch(exitOnInputError("train"))`.
 */
export function exitOnInputError(command: string): (error: unknown) => never {
  return (error) => {
    console.error(`${command}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  };
}
