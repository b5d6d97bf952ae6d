// `npm run bench`'s entry. SQLite, the reference the journal is measured against, comes from
// better-sqlite3, an optional dependency: it is a native module that builds from source where its
// prebuilt binary cannot be downloaded, and a machine without a compiler must still install and
// run the control room. The bench needs it, so it says so before anything is measured.
try {
  const { default: Database } = await import('better-sqlite3');
  new Database(':memory:').close();
} catch (err) {
  process.stderr.write(
    `bench: SQLite (better-sqlite3) does not load here (${(err as Error).message.split('\n')[0]}).\n` +
      'It is an optional dependency built from source when no prebuilt binary can be fetched: install a compiler and Python\n' +
      '(apt-get install -y build-essential python3), run npm install again, then npm run bench.\n',
  );
  process.exit(1);
}
await import('./run.js');
