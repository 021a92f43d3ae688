// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/** A rule refused at compile time; `where` names the variable (and path) at fault. */
export class RuleError extends TesseraError {
  static override code = 'ERR_RULE';
  override code: string = RuleError.code;
  override status = 422;
  readonly where: string;
  constructor(message: string, where: string) {
    super(message, { extensions: { where } });
    this.where = where;
  }
}

/** Variables that depend on themselves, directly or through others. */
export class RuleCycle extends RuleError {
  static override code = 'ERR_RULE_CYCLE';
  override code = RuleCycle.code;
}

/** A value of the wrong type (a number where a condition is needed, and so on). */
export class RuleTypeError extends RuleError {
  static override code = 'ERR_RULE_TYPE';
  override code = RuleTypeError.code;
}

/** A person value used in a household rule, or the reverse, without aggregation or `household()`. */
export class RuleEntityError extends RuleError {
  static override code = 'ERR_RULE_ENTITY';
  override code = RuleEntityError.code;
}

/** A yearly rule reading a monthly value, or a negative lag. */
export class RulePeriodError extends RuleError {
  static override code = 'ERR_RULE_PERIOD';
  override code = RulePeriodError.code;
}

/** A parameter with no value in force for the evaluated period. */
export class ParameterMissing extends RuleError {
  static override code = 'ERR_PARAMETER_MISSING';
  override code = ParameterMissing.code;
}

/** Division by something other than a non-zero constant or parameter. */
export class RuleDivisor extends RuleError {
  static override code = 'ERR_RULE_DIVISOR';
  override code = RuleDivisor.code;
}

/** Two different rules under one id. */
export class RuleDuplicate extends RuleError {
  static override code = 'ERR_RULE_DUPLICATE';
  override code = RuleDuplicate.code;
}

/** A period that is not YYYY-MM. */
export class InvalidPeriod extends TesseraError {
  static override code = 'ERR_PERIOD_INVALID';
  override code = InvalidPeriod.code;
  override status = 400;
}

/** Population data that does not fit the graph (a column missing or of the wrong length). */
export class PopulationInvalid extends TesseraError {
  static override code = 'ERR_POPULATION_INVALID';
  override code = PopulationInvalid.code;
  override status = 400;
}

/** An input value of the wrong type (a string for a number, a bad month). */
export class InputInvalid extends TesseraError {
  static override code = 'ERR_INPUT_INVALID';
  override code = InputInvalid.code;
  override status = 400;
}
