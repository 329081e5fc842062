import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWebhookSecret } from "@/lib/crypto/secrets";
import { buildRequest, type DeliveryMessage, type DeliveryTarget } from "./build-request";
import { sendWebhookRequest } from "./http";

type Verify = (
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer | string,
  toleranceSeconds?: number,
) => boolean;

/** The README's Node snippet, run as a receiver would save it. */
let verifyWebhook: Verify;
let dir: string;
let server: Server;
let base: string;
const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];

beforeAll(async () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const snippet = /```js\n(\/\/ verify-webhook\.mjs[\s\S]*?)```/.exec(readme)?.[1];
  expect(snippet, "README's verify-webhook.mjs block").toBeDefined();
  dir = mkdtempSync(path.join(tmpdir(), "hookyard-readme-"));
  const file = path.join(dir, "verify-webhook.mjs");
  writeFileSync(file, snippet!);
  ({ verifyWebhook } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
    verifyWebhook: Verify;
  });

  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.end("ok");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const message: DeliveryMessage = {
  id: "msg_readme",
  eventId: "evt_readme",
  kind: "event",
  eventType: "application.created",
  product: "PRD-1",
  payload: { application: { id: 42, name: "Café <checkout> & co" } },
  createdAt: new Date(),
};

async function receive(format: DeliveryTarget["format"], secret: string) {
  const target: DeliveryTarget = {
    id: "WH-123-456-789",
    name: "Readme",
    url: `${base}/hook`,
    method: "POST",
    format,
    signing: "standard",
    secret,
    headers: [],
    customData: { region: "eu" },
  };
  const request = await buildRequest(target, message, { lastSuccessAt: null, lastFailureAt: null });
  const result = await sendWebhookRequest(request, {
    connectTimeoutMs: 2000,
    responseTimeoutMs: 2000,
    allow: "127.0.0.1",
  });
  expect(result.ok).toBe(true);
  return received.at(-1)!;
}

describe("the README's signature check for receivers", () => {
  for (const format of ["xml", "form", "json"] as const) {
    it(`verifies a real ${format} delivery on its raw body, and refuses a changed one`, async () => {
      const secret = generateWebhookSecret();
      const got = await receive(format, secret);
      expect(verifyWebhook(secret, got.headers, got.body)).toBe(true);

      const tampered = Buffer.from(got.body.toString().replace("42", "43"));
      expect(verifyWebhook(secret, got.headers, tampered)).toBe(false);
      expect(verifyWebhook(generateWebhookSecret(), got.headers, got.body)).toBe(false);
      // An old timestamp is refused even with a signature that matched it.
      expect(verifyWebhook(secret, got.headers, got.body, -1)).toBe(false);
    });
  }
});
