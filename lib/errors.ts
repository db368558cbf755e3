/** A problem with what the user gave us: printed as one line, exit code 2, no stack trace. */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
}
