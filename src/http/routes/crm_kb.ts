import { z } from "zod";
import { canAccess, ROLE_GROUPS } from "../../auth/mod.ts";
import { ArticleSchema, ArticleUpdateSchema } from "../../crm/mod.ts";
import { ApiError } from "../api_error.ts";
import type { RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { actorId, crmRoute, type CrmRouteDeps } from "./crm_common.ts";

const SearchQuery = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  drafts: z.enum(["1", "0"]).optional(),
});

/** Knowledge-base articles and their full-text search (Chinese and English). */
export function mountCrmKbRoutes(target: RouteTarget, { crm }: CrmRouteDeps): void {
  crmRoute(target, {
    method: "get",
    path: "/kb/articles",
    summary: "Search articles (every word must appear; 1–2 character words work too)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: SearchQuery,
  }, (c) => {
    const q = readQuery(c, SearchQuery);
    const drafts = q.drafts === "1" && canAccess(c.get("user")!.role, ROLE_GROUPS.supervisors);
    return c.json({
      articles: crm.kb.search(q.q ?? "", { limit: q.limit, includeDrafts: drafts }),
    });
  });

  crmRoute(target, {
    method: "post",
    path: "/kb/articles",
    summary: "Write an article",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    body: ArticleSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, ArticleSchema);
    const article = crm.kb.create(input, actorId(c));
    c.set("audit", {
      entity: "kb_articles",
      entityId: article.id,
      details: { title: article.title },
    });
    return c.json({ article }, 201);
  });

  crmRoute(target, {
    method: "get",
    path: "/kb/articles/:id",
    summary: "One article",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = idParam(c, "id", "Article");
    const article = crm.kb.get(id);
    const mayDraft = canAccess(c.get("user")!.role, ROLE_GROUPS.supervisors);
    if (!article || (!article.published && !mayDraft)) throw ApiError.notFound(`Article ${id}`);
    return c.json({ article });
  });

  crmRoute(target, {
    method: "patch",
    path: "/kb/articles/:id",
    summary: "Edit an article",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    body: ArticleUpdateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Article");
    const change = await readJson(c, ArticleUpdateSchema);
    const article = crm.kb.update(id, change);
    c.set("audit", { entity: "kb_articles", details: { fields: Object.keys(change) } });
    return c.json({ article });
  });

  crmRoute(target, {
    method: "delete",
    path: "/kb/articles/:id",
    summary: "Delete an article",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    status: 204,
  }, (c) => {
    crm.kb.remove(idParam(c, "id", "Article"));
    c.set("audit", { entity: "kb_articles" });
    return c.body(null, 204);
  });
}
