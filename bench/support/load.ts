import autocannon from 'autocannon';

export interface LoadFigures {
  rps: number;
  p99: number;
}

/**
 * Loads one URL with autocannon after a warm-up (at most 2 s): requests per second and p99 latency;
 * throws when any reply was not 2xx or any request failed (a bench of errors measures nothing).
 */
export async function loadRoute(url: string, headers: Record<string, string>, options: { connections: number; seconds: number }): Promise<LoadFigures> {
  await autocannon({ url, headers, connections: options.connections, duration: Math.min(2, options.seconds) });
  const result = await autocannon({ url, headers, connections: options.connections, duration: options.seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx replies, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}
