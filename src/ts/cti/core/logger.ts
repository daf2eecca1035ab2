export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

export function consoleLogger(level: LogLevel, message: string): void {
  console[level](`[toolbar] ${message}`);
}
