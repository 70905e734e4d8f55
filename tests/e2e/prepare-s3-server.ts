// Run by the `s3` web server command in playwright.config.ts before `next start`: gives the
// server an empty database, so every e2e run starts from nothing (the app migrates it at start).
import { recreateDatabase, requireTestEnv } from "../helpers/test-env";

async function main(database: string | undefined): Promise<void> {
  if (!database || !/^[a-z0-9_]+$/.test(database)) {
    throw new Error("usage: tsx tests/e2e/prepare-s3-server.ts <database name: lowercase letters, digits, _>");
  }
  await recreateDatabase(requireTestEnv().TEST_DATABASE_URL, database);
  console.log(`e2e: database ${database} recreated`);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
