/** Checks item credentials against the connector's definitions (names, required fields, validation regexes). */
import type { ErrorDetail } from '../errors.js';
import type { Connector } from './types.js';

export function validateParameters(connector: Connector, parameters: Record<string, string>): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const known = new Set(connector.credentials.map((credential) => credential.name));
  for (const name of Object.keys(parameters)) {
    if (!known.has(name)) {
      errors.push({
        code: 'UNKNOWN_PARAMETER',
        parameter: name,
        message: `Connector ${connector.id} has no credential named "${name}"`,
      });
    }
  }
  for (const credential of connector.credentials) {
    const value = parameters[credential.name];
    if (value === undefined || value === '') {
      if (!credential.optional) {
        errors.push({
          code: 'MISSING_PARAMETER',
          parameter: credential.name,
          message: `${credential.label} is required`,
        });
      }
    } else if (credential.validation && !new RegExp(credential.validation).test(value)) {
      errors.push({
        code: 'INVALID_PARAMETER',
        parameter: credential.name,
        message: credential.validationMessage ?? `${credential.label} is invalid`,
      });
    }
  }
  return errors;
}
