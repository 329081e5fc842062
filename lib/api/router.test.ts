import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "./endpoints";
import { findRoute, restRoutes, routesOf } from "./router";

const routes = routesOf(ENDPOINTS);
const at = (path: string) => {
  const found = findRoute(routes, path);
  return found && { path: found.route.path, params: found.params };
};

describe("findRoute", () => {
  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))(
    "finds %s at its own path",
    (_, endpoint) => {
      const found = findRoute(routes, endpoint.path.replace(/\{(\w+)\}/g, "$1-value"));
      expect(found?.route.endpoints[endpoint.method]).toBe(endpoint);
    },
  );

  it("prefers a literal segment to a parameter, as the route files did", () => {
    expect(at("/messages/recover")).toEqual({ path: "/messages/recover", params: {} });
    expect(at("/messages/msg_1")).toEqual({ path: "/messages/{id}", params: { id: "msg_1" } });
    const reversed = routesOf([...ENDPOINTS].reverse());
    expect(findRoute(reversed, "/messages/recover")?.route.path).toBe("/messages/recover");
    expect(at("/messages/recover/retry")).toEqual({
      path: "/messages/{id}/retry",
      params: { id: "recover" },
    });
  });

  it("decodes parameters, each one segment as sent", () => {
    expect(at("/webhooks/a%2Fb")).toEqual({ path: "/webhooks/{id}", params: { id: "a/b" } });
    expect(at("/event-types/order%20paid/archive")).toEqual({
      path: "/event-types/{name}/archive",
      params: { name: "order paid" },
    });
    expect(at("/webhooks/%E0")).toBeUndefined();
  });

  it("matches literal segments as sent, as Next.js matched the route files", () => {
    expect(at("/messages/recove%72")).toEqual({
      path: "/messages/{id}",
      params: { id: "recover" },
    });
    expect(at("/messages%2Frecover")).toBeUndefined();
    expect(at("/webhooks%2FWH-1")).toBeUndefined();
    expect(at("/webhook%73/WH-1")).toBeUndefined();
  });

  it("finds nothing at paths that are not operations", () => {
    for (const path of ["", "/", "/nowhere", "/webhooks/WH-1/nope", "/webhooks/WH-1/messages/x"]) {
      expect(at(path), path).toBeUndefined();
    }
  });
});

describe("restRoutes", () => {
  const rest = restRoutes({ sendEvents: () => Promise.reject(new Error("not sent in this test")) });
  const answer = async (method: keyof typeof rest, path: string) => {
    const response = await rest[method](new Request(`http://localhost${path}`, { method }));
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it("answers 405 for a method a known path does not have, before any key is checked", async () => {
    expect(await answer("GET", "/api/v1/messages/recover")).toEqual({
      status: 405,
      body: {
        error: {
          code: "method_not_allowed",
          message: "GET is not an operation of /api/v1/messages/recover; see /api/v1/openapi.json",
        },
      },
    });
    expect((await answer("PUT", "/api/v1/webhooks")).status).toBe(405);
  });

  it("answers 404 in the error shape for a path that is no operation", async () => {
    expect(await answer("POST", "/api/v1/webhooks/WH-1/nope")).toEqual({
      status: 404,
      body: {
        error: {
          code: "not_found",
          message: "No API operation at POST /api/v1/webhooks/WH-1/nope; see /api/v1/openapi.json",
        },
      },
    });
    expect((await answer("GET", "/api/v1")).status).toBe(404);
  });
});
