// SPDX-License-Identifier: Apache-2.0
// A package's errors as one table turned into classes, the way node-oidc-provider builds its
// protocol errors: each row gives the class name, its stable code, its status and its message;
// the classes are made from the rows, so no two are written by hand in a slightly different way.
import { TesseraError, type TesseraErrorOptions } from './tessera-error.ts';

/** One row of a package's error table. */
export interface ErrorRow {
  /** Stable for callers and logs; never change it once released. */
  readonly code: `ERR_${string}`;
  /**
   * The HTTP status `http/` answers with; messages and extensions reach callers only below 500.
   * Made from the constructor's arguments for an error that passes on another party's answer.
   */
  readonly status: number | ((...args: never[]) => number);
  /** A fixed message (a caller may pass a more precise one) or one made from the constructor's arguments. */
  readonly message: string | ((...args: never[]) => string);
  /** Problem-details members made from the constructor's arguments (4xx only). */
  readonly extensions?: (...args: never[]) => Record<string, unknown>;
  /** The name of a row above this one whose class this one extends (a family callers catch as one). */
  readonly parent?: string;
}

type Arguments<R extends ErrorRow> = R['message'] extends (...args: infer A) => string ? A : [message?: string];

/** The class a row becomes: constructed from its message arguments and the base's options. */
export type ErrorClass<R extends ErrorRow, I, O> = {
  new (...args: [...Arguments<R>, options?: O]): I;
  readonly code: R['code'];
  readonly prototype: I;
};

export type ErrorClasses<T extends Record<string, ErrorRow>, I, O> = { readonly [K in keyof T]: ErrorClass<T[K], I, O> };

/**
 * The base every class of a table extends: a TesseraError subclass whose constructor takes the
 * message, the options, the row of the class actually made (to read package-specific columns)
 * and the arguments its message was made from (to keep them as fields).
 */
export type ErrorBase<I extends TesseraError, O extends TesseraErrorOptions, R extends ErrorRow> =
  abstract new (message: string, options: O | undefined, row: R, args: readonly unknown[]) => I;

const PASS_ON = Symbol('pass on to the base');

/**
 * The classes of one error table. Each class has `code` on the class and the instance (as jose
 * does), its row's `status`, and the name of its row, so `instanceof` and `error.code` both work.
 */
export function defineErrors<const T extends Record<string, R>, R extends ErrorRow, I extends TesseraError, O extends TesseraErrorOptions>(
  Base: ErrorBase<I, O, R>,
  table: T,
): ErrorClasses<T, I, O> {
  type AnyClass = new (...args: unknown[]) => TesseraError;
  const root = Base as unknown as AnyClass;
  const classes: Record<string, AnyClass> = {};
  const codes = new Set<string>();
  for (const [name, row] of Object.entries(table)) {
    // Codes are what clients and tests match on: one per row, in one format, checked when the table is made.
    if (!/^ERR_[A-Z0-9_]+$/.test(row.code)) throw new TypeError(`Error ${name}: its code ${row.code} is not of the form ERR_UPPER_CASE.`);
    if (codes.has(row.code)) throw new TypeError(`Error ${name}: the code ${row.code} is used twice in the table.`);
    codes.add(row.code);
    const Parent = row.parent === undefined ? root : classes[row.parent];
    if (!Parent) throw new TypeError(`Error ${name}: its parent ${String(row.parent)} must come earlier in the table.`);
    const arity = typeof row.message === 'function' ? row.message.length : 1;
    // the computed key gives the class its row's name, which TesseraError copies to `name`
    const { [name]: made } = {
      [name]: class extends Parent {
        static code = row.code;
        constructor(...args: unknown[]) {
          const [message, options, leaf, status, params] = args[0] === PASS_ON ? args.slice(1) : build(row, args, arity);
          super(...(Parent === root ? [message, options, leaf, params] : [PASS_ON, message, options, leaf, status, params]));
          this.code = row.code;
          this.status = status as number;
        }
      },
    };
    if (made) classes[name] = made;
  }
  return classes as unknown as ErrorClasses<T, I, O>;
}

function build(row: ErrorRow, args: unknown[], arity: number): [string, TesseraErrorOptions | undefined, ErrorRow, number, unknown[]] {
  const params = args.slice(0, arity) as never[];
  const options = args[arity] as TesseraErrorOptions | undefined;
  const message = typeof row.message === 'function' ? row.message(...params) : (params[0] as string | undefined) ?? row.message;
  const extensions = row.extensions?.(...params);
  const status = typeof row.status === 'function' ? row.status(...params) : row.status;
  return [message, extensions ? { ...options, extensions: { ...extensions, ...options?.extensions } } : options, row, status, params];
}
