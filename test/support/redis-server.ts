/**
 * Real `redis-server` processes for tests: a throwaway server on a free loopback port that writes
 * `.rdb` files with every encoding it has, a tiny RESP client to drive it (no npm client), and an
 * oracle that says whether a cluster-mode server accepts a given file.
 *
 * Tests that need a server wrap themselves in `describeWithRedisServer`: without the binary they
 * skip with a message, except under `CI=true`, where a missing server is a failure.
 *
 * ```ts
 * describeWithRedisServer('my feature', () => {
 *   let server: RedisServer;
 *   beforeAll(async () => { server = await RedisServer.start(); });
 *   afterAll(() => server.stop());
 *   test('…', async () => {
 *     await server.command('SET', 'foo', 'bar');
 *     const rdb = await server.save();
 *   });
 * });
 * ```
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** The server binary: `$REDIS_SERVER`, or the Debian package's. */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** How long a server may take to start (or to load a file) before it counts as failed. */
const START_TIMEOUT_MS = 30_000;

/** Whether the server binary is installed. */
export function redisServerInstalled(): boolean {
  return fs.existsSync(REDIS_SERVER);
}

/**
 * `describe` for tests that need `redis-server`: skipped with a message when it is missing, and
 * failed instead when `CI=true` (CI installs it, so missing there is a broken setup).
 */
export function describeWithRedisServer(name: string, body: () => void): void {
  if (redisServerInstalled()) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      test('redis-server is installed', () => {
        throw new Error(`${REDIS_SERVER} is missing; install the Debian package redis-server (or set REDIS_SERVER).`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`Skipping '${name}': ${REDIS_SERVER} is not installed (apt-get install redis-server, or set REDIS_SERVER).`);
    describe.skip(name, body);
  }
}

/** A reply: simple and bulk strings as text, integers, nil as null, arrays. Errors reject. */
export type RespValue = string | number | null | RespValue[];

/** A RESP argument. */
export type RespArg = string | number | Buffer;

/** An error reply from the server. */
export class RespError extends Error {}

/**
 * A minimal RESP2 client over one TCP connection: commands are pipelined in order, replies
 * matched first-in first-out.
 */
export class RespClient {
  /** Connects to a server on the loopback interface. */
  public static connect(port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.off('error', reject);
        resolve(new RespClient(socket));
      });
      socket.once('error', reject);
    });
  }

  private readonly waiting: { resolve: (value: RespValue) => void; reject: (error: Error) => void }[] = [];
  private input: Buffer = Buffer.alloc(0);

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', (error) => this.failAll(error));
    socket.on('close', () => this.failAll(new Error('connection to redis-server closed')));
  }

  /** Sends one command and waits for its reply. */
  public command(...args: RespArg[]): Promise<RespValue> {
    return this.pipeline([args]).then(([reply]) => reply);
  }

  /** Sends many commands in one write and waits for all their replies. */
  public pipeline(commands: RespArg[][]): Promise<RespValue[]> {
    const replies = commands.map(() => new Promise<RespValue>((resolve, reject) => this.waiting.push({ resolve, reject })));
    this.socket.write(Buffer.concat(commands.map(encode)));
    return Promise.all(replies);
  }

  /** Closes the connection. */
  public close(): void {
    this.socket.destroy();
  }

  private receive(data: Buffer): void {
    this.input = this.input.length ? Buffer.concat([this.input, data]) : data;
    let pos = 0;
    for (;;) {
      const parsed = parseReply(this.input, pos);
      if (!parsed) {
        break;
      }
      pos = parsed.end;
      const waiter = this.waiting.shift();
      if (parsed.value instanceof RespError) {
        waiter?.reject(parsed.value);
      } else {
        waiter?.resolve(parsed.value);
      }
    }
    this.input = this.input.subarray(pos);
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.splice(0)) {
      waiter.reject(error);
    }
  }
}

function encode(args: RespArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `pos`; undefined when it is not complete yet. */
function parseReply(input: Buffer, pos: number): { value: RespValue | RespError; end: number } | undefined {
  const lineEnd = input.indexOf('\r\n', pos);
  if (lineEnd < 0) {
    return undefined;
  }
  const line = input.toString('utf8', pos + 1, lineEnd);
  const next = lineEnd + 2;
  switch (String.fromCharCode(input[pos])) {
    case '+': return { value: line, end: next };
    case '-': return { value: new RespError(line), end: next };
    case ':': return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (input.length < next + length + 2) return undefined;
      return { value: input.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(input, end);
        if (!item) return undefined;
        if (item.value instanceof RespError) return { value: item.value, end: item.end };
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`unexpected RESP reply type '${String.fromCharCode(input[pos])}'`);
  }
}

/** Options of a started server. */
export interface RedisServerOptions {
  /** More `redis-server` arguments, e.g. `['--enable-debug-command', 'yes']`. */
  readonly args?: string[];
  /** Another server binary, e.g. one of `../shared/servers/valkey-server-*`; default `REDIS_SERVER`. */
  readonly binary?: string;
}

/**
 * A `redis-server` on 127.0.0.1 in its own temporary directory, persisting nothing unless told
 * (`--save ''`, `--appendonly no`). `save()` writes `dump.rdb` there and returns its path.
 */
export class RedisServer {
  /** Starts a server and connects a client to it. */
  public static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-server-'));
    try {
      const { process: child, port } = await startProcess(dir, options.args ?? [], options.binary);
      return new RedisServer(child, port, dir, await RespClient.connect(port));
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  private constructor(
    private readonly child: ChildProcess,
    /** The loopback port it listens on. */
    public readonly port: number,
    /** Its working directory, where `dump.rdb` is written. */
    public readonly dir: string,
    /** A client connected to it. */
    public readonly client: RespClient,
  ) {}

  /** Sends one command; rejects on an error reply. */
  public command(...args: RespArg[]): Promise<RespValue> {
    return this.client.command(...args);
  }

  /** Sends commands pipelined; rejects if any gets an error reply. */
  public pipeline(commands: RespArg[][]): Promise<RespValue[]> {
    return this.client.pipeline(commands);
  }

  /** Empties every database and removes every function library. */
  public async flushAll(): Promise<void> {
    await this.pipeline([['FLUSHALL'], ['FUNCTION', 'FLUSH']]);
  }

  /** Runs `SAVE` and returns the path of the `.rdb` file it wrote. */
  public async save(): Promise<string> {
    await this.command('SAVE');
    return path.join(this.dir, 'dump.rdb');
  }

  /** Stops the server and deletes its directory. */
  public async stop(): Promise<void> {
    this.client.close();
    await stopProcess(this.child);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Whether `redis-server --cluster-enabled yes` starts on a copy of the file: the oracle for
 * "does a cluster-mode server accept this .rdb". A server that exits instead of becoming ready
 * refused it (7.0 may crash on a multi-database file rather than print why); `log` says what
 * it printed.
 */
export async function loadsInClusterMode(rdbPath: string): Promise<{ loaded: boolean; log: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-cluster-'));
  try {
    fs.copyFileSync(rdbPath, path.join(dir, 'dump.rdb'));
    const started = await startProcess(dir, ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf']).then(
      (server) => ({ server, log: server.log }),
      (error: Error) => ({ server: undefined, log: error.message }),
    );
    if (started.server) {
      await stopProcess(started.server.process);
    }
    return { loaded: started.server !== undefined, log: started.log };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface StartedProcess {
  readonly process: ChildProcess;
  readonly port: number;
  readonly log: string;
}

/** Starts a server in `dir` on a free port; retries when another process took the port first. */
async function startProcess(dir: string, args: string[], binary = REDIS_SERVER): Promise<StartedProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await spawnServer(dir, port, args, binary);
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test(String(error))) {
        throw error;
      }
    }
  }
}

function spawnServer(dir: string, port: number, args: string[], binary: string): Promise<StartedProcess> {
  const child = spawn(binary, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', 'dump.rdb',
    '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', '', ...args,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready within ${START_TIMEOUT_MS} ms:\n${log}`));
    }, START_TIMEOUT_MS);
    const onOutput = (data: Buffer) => {
      log += data.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve({ process: child, port, log });
      }
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${signal ?? `code ${code}`}) before it was ready:\n${log}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A port nothing listens on right now, from the kernel. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
