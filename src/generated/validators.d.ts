import type { ErrorObject } from 'ajv';
export interface GeneratedValidator { (data: unknown): boolean; errors?: ErrorObject[] | null }
export declare const validateProfile: GeneratedValidator;
export declare const validateManifest: GeneratedValidator;
export declare const validateRuleFile: GeneratedValidator;
export declare const validateTestFile: GeneratedValidator;
