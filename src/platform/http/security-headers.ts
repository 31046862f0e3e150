import helmet from "helmet";
import type { FastifyInstance } from "fastify";

/**
 * Security headers (helmet) on every response. The helmet middleware is built once at start-up:
 * @fastify/helmet 13 builds it again for every request, which measurably cost throughput on the
 * portal's hottest routes (docs/performance.md).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const apply = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook("onRequest", (request, reply, done) => {
    apply(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
