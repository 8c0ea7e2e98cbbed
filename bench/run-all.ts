// Runs every benchmark in bench/ (filled in as benchmarks land).
export {};
process.stdout.write('no benchmarks yet\n');
