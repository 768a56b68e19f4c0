/**
 * The public types fit pino's own: `npx tsc -p tsconfig.test.json` compiles these lines (custom
 * levels, a typed user mixin, Fastify's logger options); jest runs them once.
 */
import type { TraceMixinOptions } from '@tracewire/pino';
import { traceMixin } from '@tracewire/pino';
import Fastify from 'fastify';
import pino from 'pino';
import { lineSink } from './helpers/log-lines';

test('traceMixin() fits pino with custom levels, a typed user mixin, and Fastify\'s logger option', async () => {
  const sink = lineSink();
  const audit = pino({ customLevels: { audit: 35 }, mixin: traceMixin() }, sink.stream);
  audit.audit('custom level');
  const options: TraceMixinOptions<'audit'> = { preset: 'ecs', mixin: (_merge, _level, logger) => ({ at: logger.level }) };
  pino({ customLevels: { audit: 35 }, mixin: traceMixin(options) }, sink.stream).audit('typed user mixin');
  const app = Fastify({ logger: { mixin: traceMixin(), level: 'silent' } });
  await app.close();
  expect(sink.lines().map((line) => line.msg)).toEqual(['custom level', 'typed user mixin']);
  expect(sink.lines()[1]).toMatchObject({ at: 'info' });
});
