// Export list only (DESIGN §3).
export { tracewire } from './middleware';
export type { TracewireKoaOptions, RequestTrace } from './types';
