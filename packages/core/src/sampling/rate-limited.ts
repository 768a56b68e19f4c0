/**
 * Rate-limited head sampler (a tracewire extension): at most `perSecond` sampled decisions per
 * second on average, through a token bucket that refills continuously. The bucket is small (by
 * default a tenth of a second's worth), so a burst of traffic is sampled evenly over time rather
 * than all at the start of each second. Under `parentBased` only root spans reach it, so it caps
 * new traces; children follow their parent.
 */
import type { HeadSamplerStats, RateLimitedSampler, RateLimitedSamplerOptions, SamplingParameters, SamplingResult } from '../types';
import { alwaysOff } from './always-off';
import { alwaysOn } from './always-on';
import { checkNumber, clockOption, optionsObject } from './sampler-options';

export function rateLimited(options: number | RateLimitedSamplerOptions): RateLimitedSampler {
  const { perSecond, burst, clock } = optionsObject('rateLimited', options);
  const rate = checkNumber('rateLimited.perSecond', perSecond, 0, false);
  const capacity = burst === undefined ? Math.max(1, rate / 10) : checkNumber('rateLimited.burst', burst, 1, true);
  const read = clockOption('rateLimited.clock', clock);
  const perMilli = rate / 1000;
  const sample = alwaysOn();
  const drop = alwaysOff();
  const description = `RateLimited{${rate}}`;
  // a full bucket at start: the first request after startup is sampled
  let tokens = capacity;
  let last = read();
  let sampled = 0;
  let dropped = 0;
  return Object.freeze({
    shouldSample(params: SamplingParameters): SamplingResult {
      const time = read();
      // a clock that steps back (an injected one) refills nothing rather than draining the bucket
      if (time > last) {
        tokens = Math.min(capacity, tokens + (time - last) * perMilli);
        last = time;
      }
      if (tokens >= 1) {
        tokens -= 1;
        sampled++;
        return sample.shouldSample(params);
      }
      dropped++;
      return drop.shouldSample(params);
    },
    stats: (): HeadSamplerStats => ({ sampled, dropped }),
    toString: () => description,
  });
}
