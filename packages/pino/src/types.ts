import type { LogFieldPreset, LogFieldsOptions } from '@tracewire/core';
import type { Logger, LoggerOptions } from 'pino';

export type { LogFieldPreset, LogFieldsOptions };

/** What pino's `mixin` option takes (pino keeps its own `MixinFn` type private). */
export type PinoMixin<CustomLevels extends string = never> = NonNullable<LoggerOptions<CustomLevels>['mixin']>;

/** Options of `traceMixin()`: core's log-field options plus the app's own pino mixin. */
export interface TraceMixinOptions<CustomLevels extends string = never> extends LogFieldsOptions {
  /**
   * Your own pino mixin, called on every line with pino's arguments. Its keys win over tracewire's;
   * if it throws, the line is still written (with tracewire's fields only) and the error is reported
   * once through core's error handler.
   */
  mixin?: (mergeObject: object, level: number, logger: Logger<CustomLevels>) => object;
}
