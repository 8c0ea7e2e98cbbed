/** Says once, at the top of the run, which database the suite runs against. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const where = url ? `PostgreSQL at ${new URL(url).host}` : 'embedded PostgreSQL (PGlite, in memory)';
  process.stdout.write(`\nDatabase for this test run: ${where}\n\n`);
}
