import { describe, expect, it } from "vitest";
import { allowListFor, isOwnInbox } from "./self-target";

describe("the console's own Inbox", () => {
  it("is reachable on loopback at the console's port and inbox path only", () => {
    expect(isOwnInbox("http://localhost:3000/api/inbox/demo", 3000)).toBe(true);
    expect(isOwnInbox("http://127.0.0.1:3000/api/inbox/demo?status=503", 3000)).toBe(true);
    expect(isOwnInbox("http://[::1]:3000/api/inbox/demo", 3000)).toBe(true);
    expect(isOwnInbox("http://127.1:3000/api/inbox/demo", 3000)).toBe(true); // 127.0.0.1
    expect(allowListFor("http://localhost:3000/api/inbox/demo", "10.0.0.0/8", 3000)).toBe(
      "10.0.0.0/8,127.0.0.1,::1",
    );
  });

  it("opens nothing else", () => {
    for (const url of [
      "http://localhost:3001/api/inbox/demo", // another port
      "http://localhost:3000/api/v1/events", // another route of the console
      "http://localhost:3000/api/inbox/demo/../../v1/events",
      "http://localhost:3000/api/inbox/%2e%2e/v1",
      "http://localhost:3000/api/inboxes",
      "http://evil.example:3000/api/inbox/demo", // a name that may resolve to loopback
      "https://localhost:3000/api/inbox/demo",
      "not a url",
    ]) {
      expect(isOwnInbox(url, 3000), url).toBe(false);
      expect(allowListFor(url, "", 3000), url).toBe("");
    }
    expect(isOwnInbox("http://localhost:3000/api/inbox/demo", undefined)).toBe(false);
  });
});
