// SPDX-License-Identifier: Apache-2.0
import { ValidationFailed, type ValidationIssue } from '../errors/tessera-error.ts';
import { ConfigValueInvalid } from '../errors/platform-errors.ts';

/** One configuration option read from the environment. */
export interface ConfigOption<T> {
  /** Environment variable name. */
  env: string;
  /** What the option does and what it affects; printed by `tessera config`. */
  description: string;
  /** Turns the raw string into a value, or throws an Error whose message says what is expected. */
  parse: (raw: string) => T;
  /** Used when the variable is unset. */
  default?: T;
  /** A development-only default: warns on use and is refused when NODE_ENV=production. */
  insecureDefault?: T;
  /**
   * The only value production may run with (e.g. demo data off): used when the variable is
   * unset, and any other value is refused when NODE_ENV=production.
   */
  productionValue?: T;
}

export type ConfigSpec = Record<string, ConfigOption<unknown>>;
export type ConfigOf<S extends ConfigSpec> = { [K in keyof S]: S[K] extends ConfigOption<infer T> ? T : never };

export interface LoadedConfig<S extends ConfigSpec> {
  values: ConfigOf<S>;
  /** Options that fell back to a development default (the caller logs them as warnings). */
  warnings: string[];
}

/**
 * Reads and validates every option at once, so an operator sees all bad values in one error
 * rather than fixing them one restart at a time. `needs` lists the options with an insecure
 * default that the caller reads (one organisation's process among several): the others are
 * neither asked for in production nor defaulted, and stay unset. Omitted: every one is needed.
 */
export function loadConfig<S extends ConfigSpec>(spec: S, env: Record<string, string | undefined>, needs?: ReadonlyArray<keyof S>): LoadedConfig<S> {
  const issues: ValidationIssue[] = [];
  const warnings: string[] = [];
  const production = env.NODE_ENV === 'production';
  const values: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(spec)) {
    const raw = env[option.env];
    if (production && 'productionValue' in option) {
      values[key] = option.productionValue;
      if (raw !== undefined && raw !== '' && !sameValue(option, raw)) {
        issues.push({ code: 'not_allowed_in_production', path: option.env, message: `${option.env} cannot be ${JSON.stringify(raw)} in production (${option.description})` });
      }
    } else if (raw !== undefined && raw !== '') {
      try {
        values[key] = option.parse(raw);
      } catch (error) {
        issues.push({ code: 'invalid_config', path: option.env, message: `${option.env}: ${(error as Error).message}` });
      }
    } else if ('default' in option) {
      values[key] = option.default;
    } else if ('insecureDefault' in option) {
      if (needs && !needs.includes(key)) continue;
      if (production) {
        issues.push({ code: 'missing_config', path: option.env, message: `${option.env} must be set in production (${option.description})` });
      } else {
        warnings.push(`${option.env} is not set; using an insecure development default`);
        values[key] = option.insecureDefault;
      }
    } else {
      issues.push({ code: 'missing_config', path: option.env, message: `${option.env} is required (${option.description})` });
    }
  }
  if (issues.length > 0) throw new ValidationFailed(issues, `Invalid configuration:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
  return { values: values as ConfigOf<S>, warnings };
}

function sameValue(option: ConfigOption<unknown>, raw: string): boolean {
  try {
    return Object.is(option.parse(raw), option.productionValue);
  } catch {
    return false;
  }
}

/** Parsers for common option types, each with a message a human can act on. */
export const parse = {
  string: (raw: string): string => raw,
  port(raw: string): number {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigValueInvalid(`a port number 0-65535, got "${raw}"`);
    return n;
  },
  positiveInt(raw: string): number {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new ConfigValueInvalid(`a positive whole number, got "${raw}"`);
    return n;
  },
  url(raw: string): string {
    try {
      return new URL(raw).toString();
    } catch {
      throw new ConfigValueInvalid(`a URL, got "${raw}"`);
    }
  },
  secret(raw: string): string {
    if (raw.length < 32) throw new ConfigValueInvalid('at least 32 characters');
    return raw;
  },
  oneOf<T extends string>(...allowed: T[]) {
    return (raw: string): T => {
      if (!(allowed as string[]).includes(raw)) throw new ConfigValueInvalid(`one of ${allowed.join(', ')}, got "${raw}"`);
      return raw as T;
    };
  },
  boolean(raw: string): boolean {
    if (['1', 'true', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'no'].includes(raw)) return false;
    throw new ConfigValueInvalid(`true or false, got "${raw}"`);
  },
};
