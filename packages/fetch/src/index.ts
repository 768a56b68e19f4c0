// Export list only (DESIGN §3).
export { instrumentOutbound, applyOutboundOption } from './instrument';
export type { OutboundOptions, OutboundOption, OutboundInstrumentation, PropagateTarget } from './types';
