/**
 * What operators and orchestrators ask: GET /healthz (the process is up and serving: 200 whenever it answers),
 * GET /readyz (200 only while the bridge should get new sessions: 503 while the T-Server link is down, and once
 * shutdown began; the server listens only once the bridge has started, so there is no "starting" answer), GET /metrics
 * (Prometheus' text format). No token, no rate limit: a load balancer or Prometheus polls them. They say nothing about
 * any agent; keep /metrics off the public proxy all the same.
 */
import type { FastifyInstance } from 'fastify';
import type { BridgeMetrics } from '../bridge/metrics';

export interface OperationsDeps {
  readonly metrics: BridgeMetrics;
  /** Why the bridge is not ready, or null when it is. */
  readonly notReadyBecause: () => string | null;
  /** False when /metrics has a listener of its own (metrics.port). */
  readonly servesMetrics: boolean;
}

export function registerOperationsRoutes(app: FastifyInstance, deps: OperationsDeps): void {
  // Polled every few seconds by each balancer and prober: their reads would bury the rest of the log.
  const quiet = { logLevel: 'warn' } as const;
  app.get('/healthz', quiet, async () => ({ status: 'ok' }));
  app.get('/readyz', quiet, async (_request, reply) => {
    const reason = deps.notReadyBecause();
    if (reason === null) return { status: 'ready' };
    return reply.code(503).send({ status: 'not ready', reason });
  });
  if (deps.servesMetrics) registerMetricsRoute(app, deps.metrics);
}

export function registerMetricsRoute(app: FastifyInstance, metrics: BridgeMetrics): void {
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
