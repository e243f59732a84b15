/**
 * Whether a person is a platform operator. Operators are members of the operator organization, so
 * the organizations domain answers; accounts declares what it needs (sign-in reports the flag) and
 * the app binds the organizations service to it, which keeps accounts free of organizations.
 */
export abstract class OperatorStatus {
  abstract isOperator(userId: string): Promise<boolean>;
}
