import { z } from "zod";
import { ErrorBodySchema } from "./api_error.ts";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface RouteDoc {
  method: HttpMethod;
  /** Hono-style path (`/users/:id`); converted to OpenAPI's `{id}`. */
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed, or "public". */
  access: "public" | readonly string[];
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
}

/**
 * Collects each route's zod schemas as the route is mounted, so the OpenAPI document
 * is generated from the very schemas that validate requests and cannot drift from them.
 */
export class ApiDocs {
  #routes: RouteDoc[] = [];

  constructor(private readonly prefix: string) {}

  add(route: RouteDoc): void {
    this.#routes.push(route);
  }

  get routes(): readonly RouteDoc[] {
    return this.#routes;
  }

  document(version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.#routes) {
      const path = this.prefix + route.path.replace(/:(\w+)/g, "{$1}");
      const parameters: unknown[] = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
        name: m[1],
        in: "path",
        required: true,
        schema: { type: "string" },
      }));
      if (route.query) {
        const schema = toSchema(route.query) as {
          properties?: Record<string, unknown>;
          required?: string[];
        };
        for (const [name, prop] of Object.entries(schema.properties ?? {})) {
          parameters.push({
            name,
            in: "query",
            required: schema.required?.includes(name) ?? false,
            schema: prop,
          });
        }
      }
      const status = String(route.status ?? 200);
      const operation: Record<string, unknown> = {
        summary: route.summary,
        tags: [route.tag],
        parameters,
        responses: {
          [status]: route.response
            ? {
              description: "Success",
              content: { "application/json": { schema: toSchema(route.response) } },
            }
            : { description: "Success" },
          default: {
            description: "Error",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        },
      };
      if (route.access === "public") operation.security = [];
      else operation["x-roles"] = route.access;
      if (route.body) {
        operation.requestBody = {
          required: true,
          content: { "application/json": { schema: toSchema(route.body) } },
        };
      }
      (paths[path] ??= {})[route.method] = operation;
    }
    return {
      openapi: "3.0.3",
      info: { title: "Call center appliance API", version },
      servers: [{ url: "/" }],
      components: {
        schemas: { Error: toSchema(ErrorBodySchema) },
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "cc_session" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
      paths,
    };
  }
}

function toSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { target: "openapi-3.0", io: "input", unrepresentable: "any" });
}
