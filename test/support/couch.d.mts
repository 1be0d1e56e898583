export interface CouchServer {
  readonly url: string;
  readonly port: number;
  restart(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
  fail(status: number, count: number): Promise<void>;
  /** Drop the connection of the next `count` requests whose address contains `match`, without an answer. */
  drop(match: string, count: number): Promise<void>;
  stats(): Promise<{ requests: number; bytesIn: number; byMethod: Record<string, number>; urls: string[] }>;
  resetStats(): Promise<void>;
}
export function startCouch(options?: { user?: string; password?: string; memory?: boolean }): Promise<CouchServer>;
