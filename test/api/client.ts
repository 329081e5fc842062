import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, inject } from "vitest";
import { createDb, type Db } from "@/db";
import type { Role } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";

/** The API suite's console and its database (test/api/global-setup.ts). */
export const baseUrl = () => inject("apiBaseUrl");

let shared: { db: Db; end: () => Promise<void> } | undefined;

/** The running console's own database, to set up keys and check what a call stored. */
export function apiDb(): Db {
  if (!shared) {
    const { db, pool } = createDb(inject("apiDatabaseUrl"), 3);
    shared = { db, end: () => pool.end() };
    afterAll(() => shared?.end());
  }
  return shared.db;
}

export const unique = (prefix: string) => `${prefix} ${randomBytes(4).toString("hex")}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely, then parse them with the resource schemas
export interface ApiAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is, instead of JSON of `body`. */
  raw?: string;
  query?: Record<string, string>;
  /** Answer 429 as it comes instead of waiting as a client should. */
  noRetry?: boolean;
  /** More request headers. */
  headers?: Record<string, string>;
}

/** Calls the API with a key; waits out a 429's Retry-After like a well-behaved client. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function call<T = any>(
  key: string | null,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiAnswer<T>> {
  const url = new URL(`/api/v1${path}`, baseUrl());
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  for (;;) {
    const response = await fetch(url, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(options.body !== undefined || options.raw !== undefined
          ? { "content-type": "application/json" }
          : {}),
        ...options.headers,
      },
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    if (response.status === 429 && !options.noRetry) {
      await new Promise((r) => setTimeout(r, Number(response.headers.get("retry-after")) * 1000));
      continue;
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text, and the test says so
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }
}

/** A fresh API key of each role, made as an admin would in Settings. */
export async function keysByRole(): Promise<Record<Role, string>> {
  const db = apiDb();
  const actor = { id: null, email: "api-suite@test.local" };
  const make = async (role: Role) =>
    (await createApiKey(db, { name: unique(`suite ${role}`), role }, actor)).key;
  const [admin, editor, viewer] = await Promise.all([
    make("admin"),
    make("editor"),
    make("viewer"),
  ]);
  return { admin, editor, viewer };
}

/** A real receiver on 127.0.0.1 answering `status()`; notes every request. */
export async function startReceiver(status: () => number = () => 200) {
  const requests: { headers: IncomingHttpHeaders; body: string; at: number }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}
