// `validate --format`: the registry of validation formats, apart from their shared types (validation.ts) so that
// the formats' modules, which import those types, are not imported back by them.
import { jsonValidation, type ValidationFormat, type ValidationFormatter } from './validation.js';

export async function getValidationFormatter(format: Exclude<ValidationFormat, 'text'>): Promise<ValidationFormatter> {
  switch (format) {
    case 'json':
      return jsonValidation;
    case 'github':
      return (await import('./github.js')).githubValidation;
    case 'sarif':
      return (await import('./sarif.js')).sarifValidation;
    case 'junit':
      return (await import('./junit.js')).junitValidation;
  }
}
