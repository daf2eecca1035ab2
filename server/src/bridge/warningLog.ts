/** The little of a logger that bridge/ needs (pino's, through Fastify, in practice). */
export interface WarningLog {
  warn(details: Record<string, unknown>, message: string): void;
}
