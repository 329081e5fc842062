/**
 * bench:burst's receiver, in a process of its own as a real endpoint would be: answers at
 * once and notes when each message (by `webhook-id`) was first answered 2xx. With
 * BENCH_FAIL_FIRST=1 it answers 500 to each message's first request, 200 after.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveBenchCalls, wallClockMs } from "./support";

const failFirst = process.env.BENCH_FAIL_FIRST === "1";
const arrivals = new Map<string, number>();
const failedOnce = new Set<string>();
let last = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const id = req.headers["webhook-id"];
    let status = 200;
    if (typeof id === "string") {
      if (failFirst && !failedOnce.has(id)) {
        failedOnce.add(id);
        status = 500;
      } else if (!arrivals.has(id)) {
        last = wallClockMs();
        arrivals.set(id, last);
      }
    }
    res.writeHead(status).end();
  });
});
server.listen(0, "127.0.0.1");
await once(server, "listening");

serveBenchCalls({
  url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  count: () => arrivals.size,
  /** When the latest message first answered 2xx arrived (wall clock, ms). */
  lastArrival: () => last,
  /** Forgets every request so far (the raw-limit loop's). */
  clear: () => {
    arrivals.clear();
    failedOnce.clear();
    last = 0;
  },
});
