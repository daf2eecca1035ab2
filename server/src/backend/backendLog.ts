/**
 * Where a backend writes what an operator should read (the bridge hands it its pino logger). Fields name agents, DNs,
 * calls and operations; never a token, cookie or secret.
 */
export interface BackendLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** For a backend used without a bridge (tests). */
export const SILENT_LOG: BackendLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
