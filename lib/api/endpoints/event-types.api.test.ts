import { beforeAll, describe, expect, it } from "vitest";
import { call, keysByRole } from "@/test/api/client";
import { randomBytes } from "node:crypto";
import { eventTypeSchema } from "../resources";

let keys: Awaited<ReturnType<typeof keysByRole>>;
beforeAll(async () => {
  keys = await keysByRole();
});

describe("event types over the REST API", () => {
  it("creates, updates, archives and restores an event type; publishing follows", async () => {
    const name = `suite_${randomBytes(3).toString("hex")}.happened`;
    const created = await call(keys.admin, "POST", "/event-types", {
      body: { name, description: "Something happened", examplePayload: { id: 1 } },
    });
    expect(created.status).toBe(201);
    expect(eventTypeSchema.parse(created.body)).toMatchObject({ name, archived: false });
    const twice = await call(keys.admin, "POST", "/event-types", { body: { name } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.field).toBe("name");

    const updated = await call(keys.admin, "PATCH", `/event-types/${name}`, {
      body: { description: "Something else happened" },
    });
    expect(updated.body).toMatchObject({
      description: "Something else happened",
      examplePayload: { id: 1 },
    });
    const publish = () =>
      call(keys.editor, "POST", "/events", { body: { type: name, payload: { id: 2 } } });
    expect((await publish()).status).toBe(202);

    const archived = await call(keys.admin, "POST", `/event-types/${name}/archive`);
    expect(archived.body.archived).toBe(true);
    const refused = await publish();
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "unprocessable", field: "type" });
    const listed = await call(keys.viewer, "GET", "/event-types");
    expect(listed.body.data.map((t: { name: string }) => t.name)).not.toContain(name);
    const all = await call(keys.viewer, "GET", "/event-types", {
      query: { includeArchived: "true" },
    });
    expect(all.body.data.map((t: { name: string }) => t.name)).toContain(name);

    await call(keys.admin, "POST", `/event-types/${name}/restore`);
    expect((await publish()).status).toBe(202);
    expect((await call(keys.viewer, "GET", `/event-types/${name}`)).body.archived).toBe(false);
  });

  it("names what is wrong with an event type", async () => {
    for (const [body, field] of [
      [{ name: "Not A Name" }, "name"],
      [{ name: "family.*" }, "name"],
      [{ name: "ok.name", examplePayload: [1] }, "examplePayload"],
      [{ name: "ok.name", extra: 1 }, "extra"],
    ] as const) {
      const answer = await call(keys.admin, "POST", "/event-types", { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.field).toBe(field);
    }
    const missing = await call(keys.admin, "PATCH", "/event-types/nothing.here", { body: {} });
    expect(missing.status).toBe(404);
  });
});
