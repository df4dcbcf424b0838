import mongoose, { type Connection } from 'mongoose';
import { MongoStore } from './MongoStore';

/**
 * One connection per process and URI, reused across invocations (serverless functions keep the
 * module alive between requests, so a warm start does not reconnect).
 */
const connections = new Map<string, Promise<Connection>>();

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

export async function openMongoStore(uri: string): Promise<MongoStore> {
  let pending = connections.get(uri);
  if (!pending) {
    pending = connect(uri);
    connections.set(uri, pending);
    pending.catch(() => connections.delete(uri));
  }
  const connection = await pending;
  const store = new MongoStore(connection, async () => {
    connections.delete(uri);
    await connection.close();
  });
  await store.init();
  return store;
}
