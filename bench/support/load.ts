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

export interface SideBySideFigures extends LoadFigures {
  /** Mean over the rounds of this route's requests/s over the first target's in the same round (the first: 1). */
  ratio: number;
}

/**
 * Loads `targets` in turn, `rounds` times (BENCH_ROUNDS, default 2): requests/s averaged, the worst
 * p99, and each target's ratio to the first (the bare route) as the mean of its ratios within a
 * round, so that a neighbour's burst of work on a shared machine weighs on both sides of a ratio
 * rather than on one route.
 */
export async function loadSideBySide(
  targets: Array<{ url: string; headers?: Record<string, string> }>,
  options: { connections: number; seconds: number; rounds?: number },
): Promise<SideBySideFigures[]> {
  const rounds = Math.max(1, options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 2));
  const runs: LoadFigures[][] = targets.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, target] of targets.entries()) runs[i]!.push(await loadRoute(target.url, target.headers ?? {}, options));
  }
  return runs.map((figures) => ({
    rps: figures.reduce((sum, f) => sum + f.rps, 0) / rounds,
    p99: Math.max(...figures.map((f) => f.p99)),
    ratio: figures.reduce((sum, f, round) => sum + f.rps / runs[0]![round]!.rps, 0) / rounds,
  }));
}
