// A reader spec that is wrong as written (unknown kind, unknown mutant, a
// commit hash where a module version belongs, a malformed revision): the
// user's mistake, which the CLI reports as a usage error. Failures to build or
// start a well-formed reader are plain Errors.
export class ReaderSpecError extends Error {
  override readonly name = 'ReaderSpecError';
}
