// Whole-request errors of the emulated Security Hub, mapped by the HTTP layer to a restJson1
// error response (`x-amzn-ErrorType: <code>`, HTTP `status`, `{ "Message": message }`).

export type SecurityHubErrorCode =
  | 'InvalidInputException'
  | 'InvalidAccessException'
  | 'AccessDeniedException'
  | 'LimitExceededException';

export class SecurityHubError extends Error {
  override readonly name = 'SecurityHubError';
  readonly code: SecurityHubErrorCode;
  readonly status: number;

  constructor(code: SecurityHubErrorCode, status: number, message: string) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** HTTP 400 `InvalidInputException`: a request parameter is invalid or out of range. */
export const invalidInput = (message: string): SecurityHubError =>
  new SecurityHubError('InvalidInputException', 400, message);

/** HTTP 403 `AccessDeniedException`, as IAM answers a call on a product the caller may not use. */
export const accessDenied = (callerAccountId: string, operation: string, resource: string) =>
  new SecurityHubError(
    'AccessDeniedException',
    403,
    `User: arn:aws:iam::${callerAccountId}:root is not authorized to perform: securityhub:${operation} on resource: ${resource}`,
  );

export const isSecurityHubError = (error: unknown): error is SecurityHubError =>
  error instanceof SecurityHubError;
