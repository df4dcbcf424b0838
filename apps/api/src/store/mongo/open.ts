import mongoose, { type Connection } from 'mongoose';
import { MongoStore } from './MongoStore';

/**
 * One connection per process and URI, reused across invocations (serverless functions keep the
 * module alive between requests, so a warm start does not reconnect).
 */
const connections = new Map<string, { connection: Promise<Connection>; users: number }>();

export class MongoConfigurationError extends Error {
  override name = 'MongoConfigurationError';
}

async function connect(uri: string): Promise<Connection> {
  const connection = await mongoose
    .createConnection(uri, {
      maxPoolSize: 10,
      minPoolSize: 0,
      serverSelectionTimeoutMS: 5_000,
      connectTimeoutMS: 5_000,
      socketTimeoutMS: 30_000,
      retryWrites: true,
      // Queries fail fast instead of waiting in mongoose's buffer while the server is away.
      bufferCommands: false,
      // Indexes are created once, by MongoStore.init, not again by every model compilation.
      autoIndex: false,
    })
    .asPromise();
  // Transactions need a replica set (or a sharded cluster); MongoDB Atlas always is one.
  const hello = await connection.db!.admin().command({ hello: 1 });
  if (!hello.setName && hello.msg !== 'isdbgrid') {
    await connection.close();
    throw new MongoConfigurationError(
      'MONGODB_URI points at a standalone MongoDB; this service needs a replica set for transactions ' +
        '(MongoDB Atlas always is one; locally start mongod with --replSet rs0 and run rs.initiate()).',
    );
  }
  return connection;
}

/** A store on the process's connection for `uri`; the connection closes when its last store does. */
export async function openMongoStore(uri: string, options: { announces?: boolean } = {}): Promise<MongoStore> {
  let entry = connections.get(uri);
  if (!entry) {
    const pending = connect(uri);
    entry = { connection: pending, users: 0 };
    connections.set(uri, entry);
    pending.catch(() => connections.delete(uri));
  }
  const shared = entry;
  const connection = await shared.connection;
  shared.users++;
  let closed = false;
  const store = new MongoStore(
    connection,
    async () => {
      if (closed) return;
      closed = true;
      shared.users--;
      if (shared.users > 0) return;
      connections.delete(uri);
      await connection.close();
    },
    options.announces,
  );
  await store.init();
  return store;
}
