// Export list only (DESIGN §3).
export { traceMixin } from './trace-mixin';
export type { TraceMixinOptions, PinoMixin, LogFieldPreset, LogFieldsOptions } from './types';
