// Export list only (DESIGN §3).
export { tracewire } from './middleware';
export type { TracewireExpressOptions, TracewireMiddleware, RequestTrace } from './types';
